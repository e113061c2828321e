package io.saferedisqueue.core;

import java.util.List;

/** {@code ack.lua}: removes uids from the in-flight lists and deletes their payloads. */
@SuppressWarnings("rawtypes")
final class AckScript {

  static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "ack",
          List.class,
          List.of("ackbuf", "backup", "items", "deliveries", "headers"),
          List.of(),
          true);

  private final QueueScript<List>.Bound bound;

  AckScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Acks the uids (checked script arguments); returns how many were in flight. */
  int ack(Object[] uids) {
    return uids.length == 0
        ? 0
        : Codec.countPositive(bound.runDurable(Codec.uids(uids, 0, 1), uids));
  }
}

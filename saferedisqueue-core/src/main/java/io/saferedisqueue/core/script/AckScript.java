package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.List;

/** {@code ack.lua}: removes uids from the in-flight lists and deletes their payloads. */
@SuppressWarnings("rawtypes")
public final class AckScript {

  /** The script, loaded once. */
  public static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "ack",
          "ack",
          List.class,
          List.of("ackbuf", "backup", "items", "deliveries", "headers"),
          List.of(),
          true);

  private final QueueScript<List>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public AckScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Acks the uids (checked script arguments); returns how many were in flight. */
  public int ack(Object[] uids) {
    return uids.length == 0
        ? 0
        : Codec.countPositive(bound.runDurable(Codec.uids(uids, 0, 1), uids));
  }
}

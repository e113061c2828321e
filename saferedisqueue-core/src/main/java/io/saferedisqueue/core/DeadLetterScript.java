package io.saferedisqueue.core;

import java.util.List;

/** {@code deadletter.lua}: moves one in-flight uid to the dead letters at once. */
final class DeadLetterScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "deadletter",
          Long.class,
          List.of(
              "ackbuf",
              "backup",
              "items",
              "deliveries",
              "dead",
              "deaditems",
              "deadinfo",
              "headers"),
          List.of("uid", "reason"),
          false);

  private final QueueScript<Long>.Bound bound;

  DeadLetterScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Whether the uid was in flight and is now a dead letter. */
  boolean deadLetter(String uid, String reason) {
    return Codec.longValue(bound.runDurable(List.of(uid), Codec.bytes(uid), Codec.bytes(reason)))
        > 0;
  }
}

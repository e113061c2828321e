package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.List;

/** {@code deadletter.lua}: moves one in-flight uid to the dead letters at once. */
public final class DeadLetterScript {

  /** The script, loaded once. */
  public static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "deadletter",
          "dead-lettering",
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

  /** The script bound to one queue's keys and connection. */
  public DeadLetterScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Whether the uid was in flight and is now a dead letter. */
  public boolean deadLetter(String uid, String reason) {
    return Codec.longValue(bound.runDurable(List.of(uid), Codec.bytes(uid), Codec.bytes(reason)))
        > 0;
  }
}

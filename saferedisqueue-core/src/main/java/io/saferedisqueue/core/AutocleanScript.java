package io.saferedisqueue.core;

import java.util.List;

/** {@code autoclean.lua}: one rotation of the crash-recovery generations, unless locked. */
final class AutocleanScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "autoclean",
          Long.class,
          List.of("backuplock", "backup", "queue", "ackbuf"),
          List.of("interval"),
          false);

  private final QueueScript<Long>.Bound bound;

  AutocleanScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Returns the number of uids requeued, or -1 when the lock was held. */
  long rotate(long intervalMillis) {
    Long reply = bound.run(Codec.number(Math.max(1, intervalMillis)));
    return reply == null ? -1 : reply;
  }
}

package io.saferedisqueue.core;

import java.util.List;

/** {@code requeuedead.lua}: puts dead letters back into the queue with a fresh delivery count. */
final class RequeueDeadScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "requeuedead",
          Long.class,
          List.of("dead", "deaditems", "deadinfo", "items", "queue"),
          List.of(),
          true);

  private final QueueScript<Long>.Bound bound;

  RequeueDeadScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Requeues these dead letters (checked script arguments; none: all); returns how many. */
  long requeue(Object[] uids) {
    return Codec.longValue(bound.run(uids));
  }
}

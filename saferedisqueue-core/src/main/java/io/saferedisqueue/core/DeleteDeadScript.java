package io.saferedisqueue.core;

import java.util.List;

/** {@code deletedead.lua}: deletes dead letters for good. */
final class DeleteDeadScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "deletedead", Long.class, List.of("dead", "deaditems", "deadinfo"), List.of(), true);

  private final QueueScript<Long>.Bound bound;

  DeleteDeadScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Deletes these dead letters (checked script arguments; none: all); returns how many. */
  long delete(Object[] uids) {
    return Codec.longValue(bound.run(uids));
  }
}

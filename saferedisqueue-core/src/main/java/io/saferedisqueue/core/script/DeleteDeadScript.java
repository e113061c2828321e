package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.List;

/** {@code deletedead.lua}: deletes dead letters for good. */
public final class DeleteDeadScript {

  /** The script, loaded once. */
  public static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "deletedead",
          "deletion of dead letters",
          Long.class,
          List.of("dead", "deaditems", "deadinfo"),
          List.of(),
          true);

  private final QueueScript<Long>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public DeleteDeadScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Deletes these dead letters (checked script arguments; none: all); returns how many. */
  public long delete(Object[] uids) {
    return Codec.longValue(bound.run(uids));
  }
}

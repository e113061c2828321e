package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.redis.StepBudget;
import java.util.List;

/** {@code pruneheaders.lua}: deletes a bounded slice of headers entries whose item is gone. */
public final class PruneHeadersScript {

  /** The script, loaded once. */
  public static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "pruneheaders",
          "pruning of headers",
          Long.class,
          List.of("headers", "items", "headerscursor"),
          List.of("max", "micros"),
          false);

  private final QueueScript<Long>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public PruneHeadersScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Examines about {@code max} entries, within the budget's time; returns how many it deleted. */
  public long prune(int max, StepBudget budget) {
    return Codec.longValue(bound.run(Codec.number(max), Codec.number(budget.micros())));
  }
}

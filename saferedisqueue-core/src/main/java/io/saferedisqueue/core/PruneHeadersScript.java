package io.saferedisqueue.core;

import java.util.List;

/** {@code pruneheaders.lua}: deletes a bounded slice of headers entries whose item is gone. */
final class PruneHeadersScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "pruneheaders",
          Long.class,
          List.of("headers", "items", "headerscursor"),
          List.of("max", "micros"),
          false);

  private final QueueScript<Long>.Bound bound;

  PruneHeadersScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Examines about {@code max} entries, within the budget's time; returns how many it deleted. */
  long prune(int max, StepBudget budget) {
    return Codec.longValue(bound.run(Codec.number(max), Codec.number(budget.micros())));
  }
}

package io.saferedisqueue.core;

import java.util.List;

/** {@code pruneheaders.lua}: deletes a bounded slice of headers entries whose item is gone. */
final class PruneHeadersScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "pruneheaders",
          Long.class,
          List.of("headers", "items", "headerscursor"),
          List.of("max"),
          false);

  private final QueueScript<Long>.Bound bound;

  PruneHeadersScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Examines about {@code max} entries; returns how many it deleted. */
  long prune(int max) {
    return Codec.longValue(bound.run(Codec.number(max)));
  }
}

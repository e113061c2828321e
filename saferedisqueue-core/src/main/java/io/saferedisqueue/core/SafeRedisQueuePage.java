package io.saferedisqueue.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One page of a queue's items as an inspection script of {@link SafeRedisQueueAdmin} read it, in
 * one atomic step.
 *
 * @param items the items of the page, in the order the page describes
 * @param offset position of the first of them
 * @param total how many there were in all when the page was read
 * @param redisTime the Redis server's clock when the page was read, to compute ages without the
 *     skew between this machine's clock and Redis's
 * @param <T> the item type
 */
public record SafeRedisQueuePage<T>(List<T> items, long offset, long total, Instant redisTime) {

  /** Checks and copies the components. */
  public SafeRedisQueuePage {
    items = List.copyOf(items);
    Objects.requireNonNull(redisTime, "redisTime");
  }

  /** Whether items follow this page. */
  public boolean hasMore() {
    return offset + items.size() < total;
  }
}

package io.saferedisqueue.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A queue's sizes and the age of its oldest waiting item, read together in one atomic script (see
 * {@link SafeRedisQueueAdmin#stats()}).
 *
 * @param sizes lengths of the queue's lists and sets
 * @param oldestAge how long the next item in line (the right end of {@code queue}) has been waiting
 *     since it became due, by the Redis server's clock: zero when nothing waits; {@code null} when
 *     it is unknown because none of the next 16 items in line has a recorded push time (pushed by a
 *     Python client, or by a queue without {@link SafeRedisQueueBuilder#recordPushTime push-time
 *     recording} or observation)
 * @param readAt when the values were read, by this machine's clock
 */
public record SafeRedisQueueStats(
    SafeRedisQueueSizes sizes, @Nullable Duration oldestAge, Instant readAt) {

  /** Checks the components. */
  public SafeRedisQueueStats {
    Objects.requireNonNull(sizes, "sizes");
    Objects.requireNonNull(readAt, "readAt");
  }

  /** Items waiting for delivery. */
  public long waiting() {
    return sizes.waiting();
  }

  /** Items delivered and neither acked nor failed yet. */
  public long inFlight() {
    return sizes.inFlight();
  }

  /** Items waiting for their due time. */
  public long delayed() {
    return sizes.delayed();
  }

  /** Dead letters. */
  public long dead() {
    return sizes.dead();
  }

  /** {@link #oldestAge()} in seconds, or {@link Double#NaN} when unknown. */
  public double oldestAgeSeconds() {
    Duration age = oldestAge;
    return age == null ? Double.NaN : age.toNanos() / 1e9;
  }

  /**
   * Stats of several queues together, such as the {@link SafeRedisQueueOperations#parts() parts of
   * one queue}: the sizes added up, the oldest age the greatest known one (unknown when none knows
   * it), read at the latest read.
   *
   * @throws IllegalArgumentException when the list is empty
   */
  public static SafeRedisQueueStats sum(List<SafeRedisQueueStats> partStats) {
    if (partStats.isEmpty()) {
      throw new IllegalArgumentException("stats to sum must not be empty");
    }
    long waiting = 0;
    long ackbuf = 0;
    long backup = 0;
    long delayed = 0;
    long dead = 0;
    @Nullable Duration oldest = null;
    Instant readAt = Instant.MIN;
    for (SafeRedisQueueStats stats : partStats) {
      SafeRedisQueueSizes sizes = stats.sizes();
      waiting += sizes.waiting();
      ackbuf += sizes.ackbuf();
      backup += sizes.backup();
      delayed += sizes.delayed();
      dead += sizes.dead();
      Duration age = stats.oldestAge();
      if (age != null && (oldest == null || age.compareTo(oldest) > 0)) {
        oldest = age;
      }
      readAt = stats.readAt().isAfter(readAt) ? stats.readAt() : readAt;
    }
    return new SafeRedisQueueStats(
        new SafeRedisQueueSizes(waiting, ackbuf, backup, delayed, dead), oldest, readAt);
  }
}

package io.saferedisqueue.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps each queue's {@link SafeRedisQueueAdmin#stats() stats} for a short time, so that gauges,
 * health checks and anything else polling them cost at most one script per queue per time-to-live,
 * however many meters read them and however often they are scraped.
 *
 * <p>A failed read (Redis unreachable) is kept for the same time and thrown again to every caller
 * until then, so an outage does not turn each scrape into one slow attempt per meter. Concurrent
 * callers of an expired entry wait for one read instead of each running the script. Thread-safe.
 */
public final class SafeRedisQueueStatsCache {

  /** Time-to-live when none is given. */
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(5);

  private final long timeToLiveNanos;
  private final Duration timeToLive;
  private final Map<SafeRedisQueue, Entry> entries = new ConcurrentHashMap<>();

  /** A cache with the {@link #DEFAULT_TIME_TO_LIVE default time-to-live} of 5 s. */
  public SafeRedisQueueStatsCache() {
    this(DEFAULT_TIME_TO_LIVE);
  }

  /**
   * A cache keeping values (and failures) for this long; zero reads every time.
   *
   * @throws IllegalArgumentException when the time-to-live is null or negative
   */
  public SafeRedisQueueStatsCache(Duration timeToLive) {
    if (timeToLive == null || timeToLive.isNegative()) {
      throw new IllegalArgumentException(
          "stats cache time-to-live must be zero or positive, was " + timeToLive);
    }
    this.timeToLive = timeToLive;
    this.timeToLiveNanos = timeToLive.toNanos();
  }

  /**
   * The queue's stats, read at most {@link #timeToLive()} ago.
   *
   * @throws SafeRedisQueueException the failure of the last read when it happened within the
   *     time-to-live (a {@link SafeRedisQueueConnectionException} when Redis could not be reached)
   */
  public SafeRedisQueueStats get(SafeRedisQueue queue) {
    Objects.requireNonNull(queue, "queue");
    return entries.computeIfAbsent(queue, key -> new Entry()).get(queue);
  }

  /** The queue's stats, or {@code null} when they cannot be read (the failure is cached alike). */
  public @Nullable SafeRedisQueueStats getIfAvailable(SafeRedisQueue queue) {
    try {
      return get(queue);
    } catch (SafeRedisQueueException ex) {
      return null;
    }
  }

  /** Forgets a queue (for example one that was closed). */
  public void evict(SafeRedisQueue queue) {
    entries.remove(queue);
  }

  /** How long values and failures are kept. */
  public Duration timeToLive() {
    return timeToLive;
  }

  /** One queue's last read; its monitor serializes reads. */
  private final class Entry {
    private @Nullable SafeRedisQueueStats value;
    private @Nullable SafeRedisQueueException failure;
    private long readAtNanos;
    private boolean read;

    synchronized SafeRedisQueueStats get(SafeRedisQueue queue) {
      long now = System.nanoTime();
      if (!read || now - readAtNanos >= timeToLiveNanos) {
        try {
          value = queue.admin().stats();
          failure = null;
        } catch (RuntimeException ex) {
          value = null;
          failure =
              ex instanceof SafeRedisQueueException known
                  ? known
                  : new SafeRedisQueueException(
                      "Cannot read the stats of queue '" + queue.name() + "': " + ex.getMessage(),
                      ex);
        }
        readAtNanos = System.nanoTime();
        read = true;
      }
      SafeRedisQueueException lastFailure = failure;
      if (lastFailure != null) {
        throw lastFailure;
      }
      return Objects.requireNonNull(value);
    }
  }
}

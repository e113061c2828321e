package io.saferedisqueue.dashboard;

import io.saferedisqueue.core.SafeRedisQueueAdmin;
import io.saferedisqueue.core.SafeRedisQueueStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The samples of one queue in a ring buffer of fixed capacity, its latest stats or the error that
 * kept them from being read, and the counts of the previous sample for the rates. The sampler
 * thread writes, request threads read; every method holds the monitor.
 */
final class QueueHistory {

  /**
   * One sample; the sizes are {@code null} when they could not be read, the rates when this process
   * does not count the queue or at the first sample.
   *
   * @param time when it was taken, epoch ms (this machine's clock)
   */
  record Sample(
      long time,
      @Nullable Long waiting,
      @Nullable Long inFlight,
      @Nullable Long delayed,
      @Nullable Long dead,
      @Nullable Double oldestAgeSeconds,
      @Nullable Double pushedPerSecond,
      @Nullable Double ackedPerSecond,
      @Nullable Double failedPerSecond) {

    /** The sample as one row of the history's JSON: time, then the values in declaration order. */
    List<@Nullable Object> row() {
      List<@Nullable Object> row = new ArrayList<>(9);
      row.add(time);
      row.add(waiting);
      row.add(inFlight);
      row.add(delayed);
      row.add(dead);
      row.add(oldestAgeSeconds);
      row.add(pushedPerSecond);
      row.add(ackedPerSecond);
      row.add(failedPerSecond);
      return row;
    }
  }

  private final String name;
  private final boolean application;
  private final SafeRedisQueueAdmin admin;
  private final int capacity;
  private final ArrayDeque<Sample> samples;
  private @Nullable SafeRedisQueueStats stats;
  private @Nullable String error;
  private @Nullable Sample latest;
  private QueueCounters.@Nullable Counts lastCounts;
  private long lastCountsNanos;

  QueueHistory(String name, boolean application, SafeRedisQueueAdmin admin, int capacity) {
    this.name = name;
    this.application = application;
    this.admin = admin;
    this.capacity = capacity;
    this.samples = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  String name() {
    return name;
  }

  /** Whether the application uses the queue (else it was found in Redis). */
  boolean application() {
    return application;
  }

  SafeRedisQueueAdmin admin() {
    return admin;
  }

  synchronized void add(
      long time,
      @Nullable SafeRedisQueueStats read,
      @Nullable String failure,
      QueueCounters.@Nullable Counts counts,
      long nanos) {
    Double pushed = null;
    Double acked = null;
    Double failed = null;
    QueueCounters.Counts previous = lastCounts;
    if (counts != null && previous != null && nanos > lastCountsNanos) {
      double seconds = (nanos - lastCountsNanos) / 1e9;
      pushed = rate(counts.pushed() - previous.pushed(), seconds);
      acked = rate(counts.acked() - previous.acked(), seconds);
      failed = rate(counts.failed() - previous.failed(), seconds);
    }
    lastCounts = counts;
    lastCountsNanos = nanos;
    stats = read;
    error = failure;
    Sample sample =
        read == null
            ? new Sample(time, null, null, null, null, null, pushed, acked, failed)
            : new Sample(
                time,
                read.waiting(),
                read.inFlight(),
                read.delayed(),
                read.dead(),
                read.oldestAge() == null ? null : read.oldestAgeSeconds(),
                pushed,
                acked,
                failed);
    if (samples.size() == capacity) {
      samples.removeFirst();
    }
    samples.addLast(sample);
    latest = sample;
  }

  /** Samples taken after {@code since} (epoch ms), oldest first. */
  synchronized List<Sample> since(long since) {
    List<Sample> result = new ArrayList<>();
    for (Sample sample : samples) {
      if (sample.time() > since) {
        result.add(sample);
      }
    }
    return result;
  }

  synchronized @Nullable SafeRedisQueueStats stats() {
    return stats;
  }

  synchronized @Nullable String error() {
    return error;
  }

  synchronized @Nullable Sample latest() {
    return latest;
  }

  private static double rate(double delta, double seconds) {
    // A counter never goes down, unless the meter was removed and registered again.
    return Math.max(0, delta) / seconds;
  }
}

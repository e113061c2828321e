package io.saferedisqueue.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The maintenance and inspection side of one {@link SafeRedisQueue} ({@link
 * SafeRedisQueue#admin()}): autoclean rotations for schedulers, sizes and stats read atomically,
 * the headers stored beside items, and the queue's keys. Safe to use from any thread.
 */
public final class SafeRedisQueueAdmin {

  private final SafeRedisQueueKeys keys;
  private final QueueRedis redis;
  private final @Nullable Duration autocleanInterval;
  private final QueueObservability observability;
  private final SafeRedisQueueMetrics.Recorder recorder;
  private final AutocleanScript autoclean;
  private final SizesScript sizes;
  private final StatsScript stats;
  private final PruneHeadersScript pruneHeaders;
  private final StepBudget budget;

  SafeRedisQueueAdmin(
      String name,
      SafeRedisQueueKeys keys,
      QueueRedis redis,
      @Nullable Duration autocleanInterval,
      QueueObservability observability,
      SafeRedisQueueMetrics.Recorder recorder,
      StepBudget budget) {
    this.keys = keys;
    this.budget = budget;
    this.redis = redis;
    this.autocleanInterval = autocleanInterval;
    this.observability = observability;
    this.recorder = recorder;
    this.autoclean = new AutocleanScript(redis, keys);
    this.sizes = new SizesScript(redis, keys, name);
    this.stats = new StatsScript(redis, keys, name);
    this.pruneHeaders = new PruneHeadersScript(redis, keys);
  }

  /**
   * Tries one autoclean rotation now with the queue's interval: unless another consumer rotated
   * less than an interval ago, the old generation ({@code backup}) goes back into the queue and the
   * young one ({@code ackbuf}) becomes the old one. Returns the number of items requeued, or -1
   * when the rotation did not run (locked, or autoclean disabled). See {@link #rotate(Duration)}.
   */
  public long autoclean() {
    return autocleanInterval == null ? -1 : rotate(autocleanInterval);
  }

  /**
   * Tries one autoclean rotation now, locking the next one out for {@code interval}, and returns
   * once it is complete. The old generation moves back into the queue in steps of at most 1,000
   * items or 2 ms, each one atomic script, so that Redis serves everyone else between them however
   * big the old generation is; at every moment each item is in exactly one place. The step that
   * empties {@code backup} completes the rotation and sets the lock; a rotation that this process
   * leaves unfinished (it died, Redis went away) is continued by the next attempt of any consumer.
   * Returns the number of items this call requeued, or -1 when the lock was held.
   *
   * @throws IllegalArgumentException when the interval is not positive
   */
  public long rotate(Duration interval) {
    Checks.interval(interval);
    AutocleanScript.Step step = rotationStep(interval);
    if (step.state() == AutocleanScript.State.LOCKED) {
      return -1;
    }
    long requeued = step.moved();
    while (step.state() == AutocleanScript.State.MORE) {
      // LOCKED here means another consumer completed this rotation meanwhile.
      step = rotationStep(interval);
      requeued += step.moved();
    }
    try {
      pruneHeaders(1000);
    } catch (RuntimeException ex) {
      // The rotation itself succeeded; pruning is retried by the next one.
    }
    return requeued;
  }

  /** One atomic step of a rotation (within the step budget); for {@link #rotate} and tests. */
  AutocleanScript.Step rotationStep(Duration interval) {
    AutocleanScript.Step step = autoclean.step(interval.toMillis(), budget);
    if (step.moved() > 0) {
      recorder.requeued(step.moved());
    }
    return step;
  }

  /**
   * The server's version and memory settings, read now: {@code maxmemory-policy} (a policy other
   * than {@code noeviction} may delete queue items when Redis is full), {@code maxmemory} and the
   * used memory. For health checks and dashboards; it costs a few round trips.
   *
   * @throws SafeRedisQueueConnectionException when Redis cannot be reached
   */
  public SafeRedisQueueServerInfo server() {
    return redis.readServer();
  }

  /** Lengths of the queue's lists and sets, read in one atomic step. */
  public SafeRedisQueueSizes sizes() {
    return sizes.sizes();
  }

  /**
   * The sizes and the age of the oldest waiting item, read in one atomic script (for gauges and
   * health checks; {@link SafeRedisQueueStatsCache} keeps them for a short time). The age is known
   * only for items pushed with a push time ({@link SafeRedisQueueBuilder#recordPushTime}).
   *
   * @throws SafeRedisQueueConnectionException when Redis cannot be reached
   */
  public SafeRedisQueueStats stats() {
    return stats.stats();
  }

  /**
   * The propagation headers (trace context) stored with each of these items by an observed push, in
   * one round trip; an empty map for an item that has none (pushed by a Python client or without
   * observation, or gone).
   */
  public List<Map<String, String>> headers(List<String> uids) {
    Objects.requireNonNull(uids, "uids");
    if (uids.isEmpty()) {
      return List.of();
    }
    uids.forEach(Checks::uid);
    List<byte[]> values =
        redis.execute(
            "reading of headers",
            () -> redis.template().<String, byte[]>opsForHash().multiGet(keys.headers(), uids));
    List<Map<String, String>> result = new ArrayList<>(uids.size());
    for (int i = 0; i < uids.size(); i++) {
      byte[] value = values == null || values.size() <= i ? null : values.get(i);
      result.add(value == null ? Map.of() : SafeRedisQueueHeaders.decode(value));
    }
    return result;
  }

  /**
   * Deletes up to about {@code max} entries of the headers hash whose item is gone, continuing
   * where the last call stopped, and stops after about 2 ms whatever it found; returns how many it
   * deleted. Java consumers delete an item's entry when they ack or dead-letter it, but Python
   * consumers do not know the hash; each autoclean rotation of this library runs this with a budget
   * of 1,000.
   *
   * @throws IllegalArgumentException when max is not positive
   */
  public long pruneHeaders(int max) {
    return pruneHeaders.prune(Checks.max(max), budget);
  }

  /** Whether pushes are observed (an observation registry other than the no-op one was set). */
  public boolean isObserved() {
    return observability.isObserved();
  }

  /** The queue's Redis keys. */
  public SafeRedisQueueKeys keys() {
    return keys;
  }
}

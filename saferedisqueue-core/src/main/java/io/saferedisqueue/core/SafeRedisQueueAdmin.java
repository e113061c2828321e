package io.saferedisqueue.core;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.core.redis.Checks;
import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.redis.SafeRedisQueueHeaders;
import io.saferedisqueue.core.redis.StepBudget;
import io.saferedisqueue.core.script.AutocleanScript;
import io.saferedisqueue.core.script.DeadPageScript;
import io.saferedisqueue.core.script.DelayedPageScript;
import io.saferedisqueue.core.script.InFlightPageScript;
import io.saferedisqueue.core.script.PruneHeadersScript;
import io.saferedisqueue.core.script.ScanQueuesScript;
import io.saferedisqueue.core.script.SizesScript;
import io.saferedisqueue.core.script.StatsScript;
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
 *
 * <p>The inspection pages ({@link #inFlightPage}, {@link #delayedPage}, {@link #deadLetterPage})
 * each read one bounded page in one atomic script that changes nothing, so a tool can show a queue
 * with millions of items without holding Redis up; {@link #scanQueueNames} and {@link #forQueue}
 * let it find and read queues that this application never created.
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
  private final String name;
  private final InFlightPageScript inFlightPage;
  private final DelayedPageScript delayedPage;
  private final DeadPageScript deadPage;
  private final ScanQueuesScript scanQueues;
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
    this.name = name;
    this.inFlightPage = new InFlightPageScript(redis, keys, name);
    this.delayedPage = new DelayedPageScript(redis, keys, name);
    this.deadPage = new DeadPageScript(redis, keys, name);
    this.scanQueues = new ScanQueuesScript(redis, keys);
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

  /**
   * One page of the items in flight, read in one atomic script that changes nothing: first the old
   * generation ({@code backup}, which the next autoclean rotation requeues), then the young one
   * ({@code ackbuf}, which the next rotation turns into the old one), each oldest first; with each
   * item's delivery count, push time and at most {@code previewBytes} of its payload. The page's
   * total is the number in flight.
   *
   * @param offset position of the first item, in that order
   * @param limit most items, 1 to 1,000
   * @param previewBytes most payload bytes per item, 0 to 65,536
   * @throws IllegalArgumentException when an argument is out of range
   */
  public SafeRedisQueuePage<InFlightItemInfo> inFlightPage(
      long offset, int limit, int previewBytes) {
    return inFlightPage.page(offset, limit, previewBytes);
  }

  /**
   * One page of the delayed items, soonest due first, read in one atomic script that changes
   * nothing, with each item's due time, delivery count and at most {@code previewBytes} of its
   * payload; arguments as for {@link #inFlightPage}.
   */
  public SafeRedisQueuePage<DelayedItemInfo> delayedPage(long offset, int limit, int previewBytes) {
    return delayedPage.page(offset, limit, previewBytes);
  }

  /**
   * One page of the dead letters, oldest first, read in one atomic script that changes nothing,
   * with at most {@code previewBytes} of each payload (a poison message may be large; {@link
   * SafeRedisQueueDeadLetters#list} returns whole payloads); arguments as for {@link
   * #inFlightPage}.
   */
  public SafeRedisQueuePage<DeadLetterInfo> deadLetterPage(
      long offset, int limit, int previewBytes) {
    return deadPage.page(offset, limit, previewBytes);
  }

  /**
   * One bounded slice of a scan of this queue's Redis database for the queues in it (keys {@code
   * srq:NAME:items}), such as queues that only Python clients use: at most {@code steps} SCAN steps
   * of about {@code count} keys each, in one script that reads no key. Start with cursor {@code
   * "0"} and continue with the returned cursor until it is {@code "0"} again. A queue that holds no
   * item has no such key. On Redis Cluster a slice sees the keys of one node only.
   *
   * @throws IllegalArgumentException when the cursor is not a SCAN cursor, count is not 1 to 10,000
   *     or steps not 1 to 100
   */
  public QueueNameScan scanQueueNames(String cursor, int count, int steps) {
    return scanQueues.scan(cursor, count, steps);
  }

  /**
   * The admin view of another queue on the same Redis connection, for reading a queue that this
   * application does not use (sizes, stats, the inspection pages, headers). It has no autoclean
   * interval ({@link #autoclean()} does nothing), no metrics and no observation; creating one costs
   * no round trip.
   *
   * @throws IllegalArgumentException when the name is blank
   */
  public SafeRedisQueueAdmin forQueue(String queueName) {
    return new SafeRedisQueueAdmin(
        queueName,
        SafeRedisQueueKeys.forName(queueName),
        redis,
        null,
        new QueueObservability(queueName, ObservationRegistry.NOOP, null, false),
        SafeRedisQueueMetrics.Recorder.NONE,
        budget);
  }

  /** The name of the queue this view belongs to. */
  public String name() {
    return name;
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

package io.saferedisqueue.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueMetrics;
import io.saferedisqueue.core.SafeRedisQueueOperations;
import io.saferedisqueue.core.SafeRedisQueueStats;
import io.saferedisqueue.core.SafeRedisQueueStatsCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of every queue built with it ({@link
 * io.saferedisqueue.core.SafeRedisQueueBuilder#metrics}), tagged {@code queue=<name>}:
 *
 * <ul>
 *   <li>counters {@value #PUSHED}, {@value #DELIVERED}, {@value #ACKED}, {@value #FAILED}, {@value
 *       #DEAD_LETTERED} and {@value #REQUEUED} (by autoclean), counting what this process did;
 *   <li>gauges {@value #WAITING}, {@value #IN_FLIGHT}, {@value #DELAYED}, {@value #DEAD} and
 *       {@value #OLDEST_AGE} (seconds; NaN when unknown), the state in Redis whoever changed it.
 * </ul>
 *
 * <p>The gauges of one queue read its {@link io.saferedisqueue.core.SafeRedisQueueAdmin#stats()
 * stats} through a {@link SafeRedisQueueStatsCache}, so a scrape costs at most one script per queue
 * per time-to-live; while Redis cannot be reached they report NaN. Counters are registered when a
 * queue is built, gauges when it has been built (queues a factory creates later get theirs then);
 * {@link #bindGauges(SafeRedisQueue)} adds the gauges of a queue built without this.
 */
public final class MicrometerSafeRedisQueueMetrics implements SafeRedisQueueMetrics {

  /** Counter of items pushed. */
  public static final String PUSHED = "saferedisqueue.items.pushed";

  /** Counter of items delivered to consumers. */
  public static final String DELIVERED = "saferedisqueue.items.delivered";

  /** Counter of items acked. */
  public static final String ACKED = "saferedisqueue.items.acked";

  /** Counter of items failed back into the queue or the delayed set. */
  public static final String FAILED = "saferedisqueue.items.failed";

  /** Counter of items that became dead letters. */
  public static final String DEAD_LETTERED = "saferedisqueue.items.dead.lettered";

  /** Counter of items requeued by autoclean. */
  public static final String REQUEUED = "saferedisqueue.items.requeued";

  /** Gauge of items waiting for delivery. */
  public static final String WAITING = "saferedisqueue.queue.waiting";

  /** Gauge of items delivered and neither acked nor failed. */
  public static final String IN_FLIGHT = "saferedisqueue.queue.in.flight";

  /** Gauge of items waiting for their due time. */
  public static final String DELAYED = "saferedisqueue.queue.delayed";

  /** Gauge of dead letters. */
  public static final String DEAD = "saferedisqueue.queue.dead";

  /** Gauge of the age of the oldest waiting item, in seconds. */
  public static final String OLDEST_AGE = "saferedisqueue.queue.oldest.age";

  /** Gauge of items waiting in all shards of a sharded queue. */
  public static final String SHARDS_WAITING = "saferedisqueue.shards.waiting";

  /** Gauge of items in flight in all shards of a sharded queue. */
  public static final String SHARDS_IN_FLIGHT = "saferedisqueue.shards.in.flight";

  /** Gauge of delayed items of all shards of a sharded queue. */
  public static final String SHARDS_DELAYED = "saferedisqueue.shards.delayed";

  /** Gauge of dead letters of all shards of a sharded queue. */
  public static final String SHARDS_DEAD = "saferedisqueue.shards.dead";

  /** Gauge of the age of the oldest waiting item of any shard, in seconds. */
  public static final String SHARDS_OLDEST_AGE = "saferedisqueue.shards.oldest.age";

  /** Tag with the queue's name. */
  public static final String QUEUE_TAG = "queue";

  private final MeterRegistry registry;
  private final SafeRedisQueueStatsCache cache;
  private final Tags tags;

  /**
   * Meters in this registry; the gauges read through a cache with the default time-to-live (5 s).
   */
  public MicrometerSafeRedisQueueMetrics(MeterRegistry registry) {
    this(registry, new SafeRedisQueueStatsCache(), Tags.empty());
  }

  /**
   * Meters in this registry.
   *
   * @param registry where the meters go
   * @param cache what the gauges read the stats through (share it with health checks)
   * @param tags further tags of every meter
   */
  public MicrometerSafeRedisQueueMetrics(
      MeterRegistry registry, SafeRedisQueueStatsCache cache, Iterable<Tag> tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.tags = Tags.of(tags);
  }

  @Override
  public Recorder recorder(String queueName) {
    Tags queueTags = tags.and(QUEUE_TAG, queueName);
    return new CountingRecorder(
        counter(PUSHED, "Items pushed", queueTags),
        counter(DELIVERED, "Items delivered to consumers", queueTags),
        counter(ACKED, "Items acked", queueTags),
        counter(FAILED, "Items failed back into the queue or the delayed set", queueTags),
        counter(DEAD_LETTERED, "Items that became dead letters", queueTags),
        counter(REQUEUED, "Items requeued by autoclean", queueTags));
  }

  @Override
  public void queueCreated(SafeRedisQueue queue) {
    bindGauges(queue);
  }

  /**
   * Registers the gauges of this queue, unless this registry already has them for a queue of this
   * name (then this changes nothing). The gauges hold the queue weakly, as Micrometer gauges do,
   * and report NaN once it is gone.
   */
  public void bindGauges(SafeRedisQueue queue) {
    Tags queueTags = tags.and(QUEUE_TAG, queue.name());
    if (registry.find(WAITING).tags(queueTags).gauge() != null) {
      // Already bound (Micrometer would ignore a second registration, with a warning).
      return;
    }
    gauge(WAITING, "Items waiting for delivery", "items", queue, queueTags, stat(s -> s.waiting()));
    gauge(
        IN_FLIGHT,
        "Items delivered and neither acked nor failed",
        "items",
        queue,
        queueTags,
        stat(s -> s.inFlight()));
    gauge(
        DELAYED,
        "Items waiting for their due time",
        "items",
        queue,
        queueTags,
        stat(s -> s.delayed()));
    gauge(DEAD, "Dead letters", "items", queue, queueTags, stat(s -> s.dead()));
    gauge(
        OLDEST_AGE,
        "How long the oldest waiting item has waited",
        "seconds",
        queue,
        queueTags,
        stat(SafeRedisQueueStats::oldestAgeSeconds));
  }

  /**
   * Registers the gauges of the total of a queue of several parts (a sharded queue), {@value
   * #SHARDS_WAITING} and its siblings, tagged with the logical queue's name (the shards have the
   * ordinary gauges, tagged with their own names {@code {NAME-i}}, so summing both would count
   * every item twice). Each reads its shards' stats through the same cache and reports NaN while
   * any shard's could not be read. Binding the same name again changes nothing.
   */
  public void bindGauges(SafeRedisQueueOperations shards) {
    Tags queueTags = tags.and(QUEUE_TAG, shards.name());
    if (registry.find(SHARDS_WAITING).tags(queueTags).gauge() != null) {
      return;
    }
    shardsGauge(
        SHARDS_WAITING,
        "Items waiting in all shards",
        "items",
        shards,
        queueTags,
        SafeRedisQueueStats::waiting);
    shardsGauge(
        SHARDS_IN_FLIGHT,
        "Items in flight in all shards",
        "items",
        shards,
        queueTags,
        SafeRedisQueueStats::inFlight);
    shardsGauge(
        SHARDS_DELAYED,
        "Delayed items of all shards",
        "items",
        shards,
        queueTags,
        SafeRedisQueueStats::delayed);
    shardsGauge(
        SHARDS_DEAD,
        "Dead letters of all shards",
        "items",
        shards,
        queueTags,
        SafeRedisQueueStats::dead);
    shardsGauge(
        SHARDS_OLDEST_AGE,
        "How long the oldest waiting item of any shard has waited",
        "seconds",
        shards,
        queueTags,
        SafeRedisQueueStats::oldestAgeSeconds);
  }

  private void shardsGauge(
      String name,
      String description,
      String unit,
      SafeRedisQueueOperations shards,
      Tags queueTags,
      ToDoubleFunction<SafeRedisQueueStats> value) {
    ToDoubleFunction<SafeRedisQueueOperations> total =
        sharded -> {
          List<SafeRedisQueueStats> all = new ArrayList<>();
          for (SafeRedisQueue shard : sharded.parts()) {
            SafeRedisQueueStats stats = cache.getIfAvailable(shard);
            if (stats == null) {
              return Double.NaN;
            }
            all.add(stats);
          }
          return value.applyAsDouble(SafeRedisQueueStats.sum(all));
        };
    Gauge.builder(name, shards, total)
        .description(description)
        .baseUnit(unit)
        .tags(queueTags.and("shards", Integer.toString(shards.parts().size())))
        .register(registry);
  }

  /** The cache the gauges read through. */
  public SafeRedisQueueStatsCache getCache() {
    return cache;
  }

  private ToDoubleFunction<SafeRedisQueue> stat(ToDoubleFunction<SafeRedisQueueStats> value) {
    return queue -> {
      SafeRedisQueueStats stats = cache.getIfAvailable(queue);
      return stats == null ? Double.NaN : value.applyAsDouble(stats);
    };
  }

  private void gauge(
      String name,
      String description,
      String unit,
      SafeRedisQueue queue,
      Tags queueTags,
      ToDoubleFunction<SafeRedisQueue> value) {
    Gauge.builder(name, queue, value)
        .description(description)
        .baseUnit(unit)
        .tags(queueTags)
        .register(registry);
  }

  private Counter counter(String name, String description, Tags queueTags) {
    return Counter.builder(name)
        .description(description)
        .baseUnit("items")
        .tags(queueTags)
        .register(registry);
  }

  /** Adds one queue's counts to its counters. */
  private record CountingRecorder(
      Counter pushed,
      Counter delivered,
      Counter acked,
      Counter failed,
      Counter deadLettered,
      Counter requeued)
      implements Recorder {

    @Override
    public void pushed(int count) {
      pushed.increment(count);
    }

    @Override
    public void delivered(int count) {
      delivered.increment(count);
    }

    @Override
    public void acked(int count) {
      if (count > 0) {
        acked.increment(count);
      }
    }

    @Override
    public void failed(int count) {
      failed.increment(count);
    }

    @Override
    public void deadLettered(int count) {
      deadLettered.increment(count);
    }

    @Override
    public void requeued(long count) {
      requeued.increment(count);
    }
  }
}

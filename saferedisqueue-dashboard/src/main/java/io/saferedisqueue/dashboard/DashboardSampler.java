package io.saferedisqueue.dashboard;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueOperations;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.core.SafeRedisQueueStats;
import io.saferedisqueue.core.SafeRedisQueueStatsCache;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Samples, every {@code saferedisqueue.dashboard.sample-interval}, the stats of every queue the
 * factory has handed out and of the queues found in Redis, with the counters of this process, into
 * one bounded {@link QueueHistory} per queue, so the charts cover the last minutes from the moment
 * the dashboard is opened. One daemon thread; one stats script per queue per sample (through the
 * gauges' cache when there is one) plus, while discovery runs, one bounded scan script.
 *
 * <p>The default queue ({@code saferedisqueue.name}, {@code "0"} unless set), which the
 * auto-configuration creates whether the application uses it or not, is listed only from the first
 * sample that shows it in use: a listener on it, items of it in Redis, or pushes, acks or failures
 * counted for it by this process. Until then its sample costs the same one stats script.
 */
final class DashboardSampler implements SmartLifecycle {

  private static final Log logger = LogFactory.getLog(DashboardSampler.class);

  private final SafeRedisQueueFactory queueFactory;
  private final QueueCounters counters;
  private final @Nullable SafeRedisQueueStatsCache cache;
  private final boolean sharesCache;
  private final Duration interval;
  private final int capacity;
  private final @Nullable QueueDiscovery discovery;
  private final String defaultQueue;
  private final Predicate<String> listened;
  private final Map<String, QueueHistory> histories = new ConcurrentHashMap<>();
  private volatile boolean defaultQueueUsed;
  private volatile @Nullable ScheduledExecutorService executor;

  DashboardSampler(
      SafeRedisQueueFactory queueFactory,
      SafeRedisQueueDashboardProperties properties,
      QueueCounters counters,
      @Nullable SafeRedisQueueStatsCache cache,
      String defaultQueue,
      Predicate<String> listened) {
    this.queueFactory = queueFactory;
    this.defaultQueue = defaultQueue;
    this.listened = listened;
    this.counters = counters;
    this.cache = cache;
    this.interval = properties.getSampleInterval();
    // A cache that keeps values longer than the interval would make samples repeat.
    this.sharesCache = cache != null && cache.timeToLive().compareTo(interval) <= 0;
    this.capacity = properties.samplesKept();
    this.discovery =
        properties.isDiscoverQueues()
            ? new QueueDiscovery(properties.getHistory().toMillis())
            : null;
  }

  Duration interval() {
    return interval;
  }

  Duration history() {
    return interval.multipliedBy(capacity - 1L);
  }

  /** Whether this process's counters are there to compute rates from. */
  boolean countsRates() {
    return counters != QueueCounters.NONE;
  }

  /** Takes one sample of every queue now (the sampler thread does this every interval). */
  synchronized void sample() {
    long now = System.currentTimeMillis();
    long nanos = System.nanoTime();
    Map<String, SafeRedisQueue> application = applicationQueues();
    Set<String> found = Set.of();
    QueueDiscovery scan = discovery;
    if (scan != null && !application.isEmpty()) {
      found = scan.discover(application.values().iterator().next().admin(), now);
    }
    for (SafeRedisQueue queue : application.values()) {
      if (!inUse(queue)) {
        continue;
      }
      QueueHistory history =
          histories.compute(
              queue.name(),
              (name, known) ->
                  known != null && known.application()
                      ? known
                      : new QueueHistory(name, true, queue.admin(), capacity));
      sample(history, queue, now, nanos);
    }
    if (!application.isEmpty()) {
      SafeRedisQueue any = application.values().iterator().next();
      for (String name : found) {
        if (!application.containsKey(name)) {
          QueueHistory history =
              histories.computeIfAbsent(
                  name, key -> new QueueHistory(key, false, any.admin().forQueue(key), capacity));
          sample(history, null, now, nanos);
        }
      }
    }
    Set<String> current = found;
    histories.keySet().removeIf(name -> !application.containsKey(name) && !current.contains(name));
  }

  /** Whether a queue of the application is listed: the default queue only once it was used. */
  private boolean inUse(SafeRedisQueue queue) {
    if (defaultQueueUsed || !queue.name().equals(defaultQueue)) {
      return true;
    }
    boolean used = listened.test(queue.name());
    if (!used) {
      QueueCounters.Counts counts = counters.counts(queue.name());
      used = counts != null && counts.pushed() + counts.acked() + counts.failed() > 0;
    }
    if (!used) {
      try {
        SafeRedisQueueSizes sizes = queue.admin().stats().sizes();
        used = sizes.waiting() + sizes.inFlight() + sizes.delayed() + sizes.dead() > 0;
      } catch (RuntimeException ex) {
        // Unknown for now (Redis out of reach): asked again at the next sample.
      }
    }
    defaultQueueUsed = used;
    return used;
  }

  private void sample(QueueHistory history, @Nullable SafeRedisQueue queue, long now, long nanos) {
    SafeRedisQueueStats stats = null;
    String error = null;
    try {
      SafeRedisQueueStatsCache shared = sharesCache ? cache : null;
      stats = queue != null && shared != null ? shared.get(queue) : history.admin().stats();
    } catch (RuntimeException ex) {
      error = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
    }
    QueueCounters.Counts counts = queue == null ? null : counters.counts(history.name());
    history.add(now, stats, error, counts, nanos);
  }

  /**
   * Makes the next sample start a new pass over Redis for queues (if none is under way) instead of
   * waiting for the pause after the last one.
   */
  synchronized void discoverNow() {
    QueueDiscovery scan = discovery;
    if (scan != null) {
      scan.passNow();
    }
  }

  /** The queues sampled so far, the application's first, each group by name. */
  List<QueueHistory> queues() {
    return histories.values().stream()
        .sorted(
            Comparator.comparing((QueueHistory history) -> !history.application())
                .thenComparing(QueueHistory::name))
        .toList();
  }

  /** The history of one queue, or {@code null} when it was not sampled. */
  @Nullable QueueHistory queue(String name) {
    return histories.get(name);
  }

  /** The application's queues by name, in name order. */
  Map<String, SafeRedisQueue> applicationQueues() {
    Map<String, SafeRedisQueue> queues = new LinkedHashMap<>();
    queueFactory.getQueues().stream()
        .sorted(Comparator.comparing(SafeRedisQueue::name))
        .forEach(queue -> queues.put(queue.name(), queue));
    return queues;
  }

  /**
   * The application's queues of several parts, in name order (their parts are among its queues).
   */
  List<SafeRedisQueueOperations> logicalQueues() {
    return queueFactory.getLogicalQueues().stream()
        .sorted(Comparator.comparing(SafeRedisQueueOperations::name))
        .toList();
  }

  @Override
  public void start() {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "saferedisqueue-dashboard-sampler");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    executor = scheduler;
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException ex) {
      // Each queue's own failure is recorded with its sample; this is anything else.
      logger.warn("Dashboard: sampling the queues failed: " + ex, ex);
    }
  }

  @Override
  public void stop() {
    ScheduledExecutorService scheduler = executor;
    executor = null;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }

  @Override
  public int getPhase() {
    // Stop before the listener registry and the queues, which stop in later phases.
    return Integer.MAX_VALUE;
  }

  /** The factory whose queues this samples. */
  SafeRedisQueueFactory queueFactory() {
    return queueFactory;
  }
}

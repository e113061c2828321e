package io.saferedisqueue.autoconfigure.health;

import io.saferedisqueue.autoconfigure.SafeRedisQueueHealthProperties;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueException;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueOperations;
import io.saferedisqueue.core.SafeRedisQueueServerInfo;
import io.saferedisqueue.core.SafeRedisQueueStats;
import io.saferedisqueue.core.SafeRedisQueueStatsCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the queues a {@link SafeRedisQueueFactory} has handed out: {@code DOWN} when Redis
 * cannot be reached (details: {@code redis}, the endpoint, and {@code error}); otherwise {@code UP}
 * with each queue's {@code waiting}, {@code inFlight}, {@code delayed}, {@code dead} and, when
 * known, {@code oldestAgeSeconds}, and the server's {@code maxmemoryPolicy}, with {@code
 * evictionRisk} saying what it risks when it is not {@code noeviction} (queue items lost silently
 * once Redis is full; the status stays as it is). A queue over one of the thresholds of {@code
 * saferedisqueue.health.*} turns the status to the configured threshold status (default {@code
 * OUT_OF_SERVICE}) and is listed under {@code exceeded}; {@code UNKNOWN} while no queue exists. The
 * shards of a sharded queue are queues like the others (thresholds apply to each shard); {@code
 * sharded} adds each sharded queue's total and the names of its shards.
 *
 * <p>The sizes come through a {@link SafeRedisQueueStatsCache}: a health check costs at most one
 * script per queue per time-to-live, shared with the gauges, and a failure is reported for that
 * long as well. The server's policy is read on every check ({@code INFO} and {@code CONFIG GET},
 * once for all queues), so a change on the server shows at once.
 */
public class SafeRedisQueueHealthIndicator extends AbstractHealthIndicator {

  private final SafeRedisQueueFactory queueFactory;
  private final SafeRedisQueueStatsCache cache;
  private final SafeRedisQueueHealthProperties thresholds;
  private final Status thresholdStatus;

  /**
   * Creates the indicator.
   *
   * @param queueFactory whose queues are checked
   * @param cache through which their sizes are read
   * @param thresholds limits that turn the status (unset ones do not apply)
   */
  public SafeRedisQueueHealthIndicator(
      SafeRedisQueueFactory queueFactory,
      SafeRedisQueueStatsCache cache,
      SafeRedisQueueHealthProperties thresholds) {
    super("saferedisqueue health check failed");
    this.queueFactory = Objects.requireNonNull(queueFactory, "queueFactory");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    this.thresholdStatus =
        new Status(
            thresholds.getThresholdStatus().trim().toUpperCase(java.util.Locale.ROOT),
            "A queue is over a saferedisqueue.health threshold");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    List<SafeRedisQueue> queues = new ArrayList<>(queueFactory.getQueues());
    queues.sort(Comparator.comparing(SafeRedisQueue::name));
    if (queues.isEmpty()) {
      builder.unknown().withDetail("queues", Map.of());
      return;
    }
    builder.withDetail("redis", queues.get(0).endpoint());
    Map<String, Object> details = new LinkedHashMap<>();
    Map<SafeRedisQueue, SafeRedisQueueStats> read = new HashMap<>();
    List<String> exceeded = new ArrayList<>();
    for (SafeRedisQueue queue : queues) {
      SafeRedisQueueStats stats;
      try {
        stats = cache.get(queue);
      } catch (SafeRedisQueueException ex) {
        builder.down().withDetail("redis", queue.endpoint()).withDetail("error", ex.getMessage());
        return;
      }
      read.put(queue, stats);
      details.put(queue.name(), describe(stats));
      check(queue.name(), stats, exceeded);
    }
    builder.withDetail("queues", details);
    Map<String, Object> sharded = new TreeMap<>();
    for (SafeRedisQueueOperations logical : queueFactory.getLogicalQueues()) {
      List<SafeRedisQueueStats> partStats = new ArrayList<>();
      logical.parts().stream().map(read::get).filter(Objects::nonNull).forEach(partStats::add);
      if (partStats.size() == logical.parts().size()) {
        Map<String, Object> total = describe(SafeRedisQueueStats.sum(partStats));
        total.put("shards", logical.parts().stream().map(SafeRedisQueue::name).toList());
        sharded.put(logical.name(), total);
      }
    }
    if (!sharded.isEmpty()) {
      builder.withDetail("sharded", sharded);
    }
    SafeRedisQueueServerInfo server;
    try {
      server = queues.get(0).admin().server();
    } catch (SafeRedisQueueException ex) {
      builder.down().withDetail("error", ex.getMessage());
      return;
    }
    String policy = server.maxmemoryPolicy();
    builder.withDetail("maxmemoryPolicy", policy == null ? "unknown" : policy);
    server.evictionRisk().ifPresent(risk -> builder.withDetail("evictionRisk", risk));
    if (exceeded.isEmpty()) {
      builder.up();
    } else {
      builder.status(thresholdStatus).withDetail("exceeded", exceeded);
    }
  }

  private static Map<String, Object> describe(SafeRedisQueueStats stats) {
    Map<String, Object> queue = new LinkedHashMap<>();
    queue.put("waiting", stats.waiting());
    queue.put("inFlight", stats.inFlight());
    queue.put("delayed", stats.delayed());
    queue.put("dead", stats.dead());
    if (stats.oldestAge() != null) {
      queue.put("oldestAgeSeconds", stats.oldestAgeSeconds());
    }
    return queue;
  }

  private void check(String name, SafeRedisQueueStats stats, List<String> exceeded) {
    over(name, "waiting", stats.waiting(), thresholds.getMaxWaiting(), "max-waiting", exceeded);
    over(
        name,
        "in flight",
        stats.inFlight(),
        thresholds.getMaxInFlight(),
        "max-in-flight",
        exceeded);
    over(name, "dead letters", stats.dead(), thresholds.getMaxDead(), "max-dead", exceeded);
    Duration maxAge = thresholds.getMaxOldestAge();
    Duration age = stats.oldestAge();
    if (maxAge != null && age != null && age.compareTo(maxAge) > 0) {
      exceeded.add(
          name
              + ": oldest waiting item "
              + age.toMillis() / 1000.0
              + "s old > max-oldest-age "
              + maxAge.toMillis() / 1000.0
              + "s");
    }
  }

  private static void over(
      String name,
      String what,
      long value,
      @Nullable Long max,
      String property,
      List<String> exceeded) {
    if (max != null && value > max) {
      exceeded.add(name + ": " + value + " " + what + " > " + property + " " + max);
    }
  }
}

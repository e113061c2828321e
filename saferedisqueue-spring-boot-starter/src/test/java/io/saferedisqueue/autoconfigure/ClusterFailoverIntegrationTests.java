package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.localredis.LocalRedisCluster;
import io.saferedisqueue.localredis.LocalRedisSentinel;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * A failover under load, through the starter, on real processes: a Redis Cluster of three primaries
 * and three replicas ({@code spring.data.redis.cluster.nodes}), and a primary with a replica and
 * three Sentinels ({@code spring.data.redis.sentinel.*}). Listeners consume three hash-tagged
 * queues while producers push; the primary of one queue is killed with SIGKILL, its replica takes
 * over, and in the same JVM every listener goes on.
 *
 * <p>Every item whose push returned a uid must be delivered, except what asynchronous replication
 * allows a killed primary to lose: pushes it acknowledged in the moments before the kill and had
 * not yet sent to its replica. The test counts that loss, prints it, checks that every lost item
 * was pushed within the last second before the kill and is really gone from Redis (not stuck in
 * it), and that every other item arrived.
 */
class ClusterFailoverIntegrationTests {

  private static final List<String> QUEUES = List.of("{fo-a}", "{fo-b}", "{fo-c}");

  /** The queue whose primary is killed. */
  private static final String VICTIM = "{fo-a}";

  private static final Duration LOSS_WINDOW = Duration.ofSeconds(1);

  /**
   * How pushes are written: with Redis's asynchronous replication, or durable ({@code
   * saferedisqueue.durable-replicas=1}: each push, ack and fail waits for a replica's copy, so no
   * item whose push returned a uid may be lost). A durable queue needs a replica after the failover
   * too, so in that variant the killed primary is started again once its replica took over; it
   * comes back as the new primary's replica (the cluster's and the Sentinels' own doing).
   */
  enum Durability {
    ASYNC_REPLICATION(true, List.of()),
    DURABLE_PUSHES(false, List.of("saferedisqueue.durable-replicas=1"));

    final boolean lossAllowed;
    private final List<String> properties;

    Durability(boolean lossAllowed, List<String> properties) {
      this.lossAllowed = lossAllowed;
      this.properties = properties;
    }

    List<String> properties() {
      return properties;
    }

    /** Kills the primary; with durable pushes, starts it again once the replica took over. */
    LocalRedisServer failover(LocalRedisServer primary, Supplier<LocalRedisServer> kill) {
      LocalRedisServer promoted = kill.get();
      if (this == DURABLE_PUSHES) {
        primary.start();
      }
      return promoted;
    }
  }

  private static ApplicationContextRunner runner(List<String> connection, Durability durability) {
    List<String> properties = new ArrayList<>(connection);
    properties.addAll(
        List.of(
            // Fail a command to a dead node after 2 s instead of a minute, so producers notice.
            "spring.data.redis.timeout=2s",
            "spring.data.redis.connect-timeout=500ms",
            // The default queue too: a name without hash tag cannot work on a cluster.
            "saferedisqueue.name={fo-a}",
            "saferedisqueue.autoclean-interval=2s",
            "saferedisqueue.listener.poll-timeout=200ms",
            "saferedisqueue.listener.shutdown-timeout=2s",
            "saferedisqueue.listener.concurrency=2"));
    properties.addAll(durability.properties());
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class,
                SafeRedisQueueLettuceAutoConfiguration.class,
                SafeRedisQueueAutoConfiguration.class,
                SafeQueueListenerAutoConfiguration.class))
        .withPropertyValues(properties.toArray(String[]::new))
        .withBean(Listeners.class);
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void clusterPrimaryKilledUnderLoad(Durability durability) {
    try (LocalRedisCluster cluster = LocalRedisCluster.builder().build().start()) {
      assertThat(QUEUES.stream().map(q -> cluster.primaryOwning(itemsKey(q)).port()).distinct())
          .as("the three queues live on three primaries")
          .hasSize(3);
      runner(List.of("spring.data.redis.cluster.nodes=" + cluster.nodeAddresses()), durability)
          .run(
              context ->
                  failoverUnderLoad(
                      "cluster " + durability,
                      context,
                      durability,
                      () ->
                          durability.failover(
                              cluster.primaryOwning(itemsKey(VICTIM)),
                              () -> cluster.killPrimaryOwning(itemsKey(VICTIM)))));
    }
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void sentinelPrimaryKilledUnderLoad(Durability durability) {
    try (LocalRedisSentinel sentinel = LocalRedisSentinel.builder().build().start()) {
      runner(
              List.of(
                  "spring.data.redis.sentinel.master=" + sentinel.masterName(),
                  "spring.data.redis.sentinel.nodes=" + sentinel.sentinelAddresses()),
              durability)
          .run(
              context ->
                  failoverUnderLoad(
                      "sentinel " + durability,
                      context,
                      durability,
                      () -> durability.failover(sentinel.primary(), sentinel::killPrimary)));
    }
  }

  private static String itemsKey(String queue) {
    return SafeRedisQueueKeys.forName(queue).items();
  }

  private static void failoverUnderLoad(
      String variant,
      AssertableApplicationContext context,
      Durability durability,
      Supplier<LocalRedisServer> kill)
      throws Exception {
    assertThat(context).hasNotFailed();
    SafeRedisQueueFactory factory = context.getBean(SafeRedisQueueFactory.class);
    Listeners listeners = context.getBean(Listeners.class);
    Map<String, FailoverProducer> producers = new LinkedHashMap<>();
    for (String queue : QUEUES) {
      producers.put(queue, new FailoverProducer(factory.getQueue(queue)));
    }
    producers.values().forEach(FailoverProducer::start);

    // Load before the kill, delivered as it comes.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> producers.values().stream().allMatch(p -> p.pushedCount() >= 200));
    long killNanos = System.nanoTime();
    kill.get();
    long promotedNanos = System.nanoTime();
    // Load after the promotion: every queue's pushes must go through again, the victim's too.
    FailoverProducer victim = producers.get(VICTIM);
    int afterPromotion = victim.pushedCount();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> victim.pushedCount() >= afterPromotion + 200);
    producers.values().forEach(FailoverProducer::stop);

    RedisConnectionFactory connectionFactory = context.getBean(RedisConnectionFactory.class);
    try (RedisInspector inspector = RedisInspector.on(connectionFactory)) {
      StringBuilder report = new StringBuilder();
      for (String queue : QUEUES) {
        FailoverProducer producer = producers.get(queue);
        Set<String> delivered = listeners.delivered(queue);
        List<FailoverProducer.Pushed> missing = awaitDeliveries(producer.pushed(), delivered);
        long windowStart = killNanos - LOSS_WINDOW.toNanos();
        long inWindow =
            producer.pushed().stream()
                .filter(p -> p.nanos() >= windowStart && p.nanos() <= killNanos)
                .count();
        long resumedMillis = producer.resumedAfter(killNanos).toMillis();
        report.append(
            String.format(
                "%n  %s: pushed %d (%d in the last second before the kill), failed pushes %d,"
                    + " delivered %d distinct, lost %d; pushes went through again %d ms after"
                    + " the kill",
                queue,
                producer.pushed().size(),
                inWindow,
                producer.failures(),
                delivered.size(),
                missing.size(),
                resumedMillis));
        for (FailoverProducer.Pushed lost : missing) {
          assertThat(inspector.hasField(SafeRedisQueueKeys.forName(queue).items(), lost.uid()))
              .as("%s: undelivered %s is gone from Redis, not stuck there", queue, lost.uid())
              .isFalse();
        }
        if (!queue.equals(VICTIM) || !durability.lossAllowed) {
          assertThat(missing).as("%s lost items", queue).isEmpty();
        } else {
          assertThat(missing)
              .as("%s: lost items were all pushed in the last second before the kill", queue)
              .allSatisfy(lost -> assertThat(lost.nanos()).isBetween(windowStart, killNanos));
        }
      }
      System.out.printf(
          "Failover %s: primary of %s killed, replica promoted after %d ms;%s%n",
          variant, VICTIM, (promotedNanos - killNanos) / 1_000_000, report);
    }
    SafeQueueListenerEndpointRegistry registry =
        context.getBean(SafeQueueListenerEndpointRegistry.class);
    assertThat(registry.isRunning()).isTrue();
  }

  /**
   * Waits until every pushed item was delivered or the undelivered ones stop changing for several
   * autoclean intervals (an item whose pop reply the kill swallowed comes back by autoclean);
   * returns those still undelivered.
   */
  private static List<FailoverProducer.Pushed> awaitDeliveries(
      List<FailoverProducer.Pushed> pushed, Set<String> delivered) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int lastMissing = -1;
    long lastChange = System.nanoTime();
    while (true) {
      List<FailoverProducer.Pushed> missing =
          pushed.stream().filter(p -> !delivered.contains(p.uid())).toList();
      long now = System.nanoTime();
      if (missing.size() != lastMissing) {
        lastMissing = missing.size();
        lastChange = now;
      }
      if (missing.isEmpty()
          || now - lastChange > Duration.ofSeconds(8).toNanos()
          || now > deadline) {
        return missing;
      }
      Thread.sleep(100);
    }
  }

  /** One listener per queue; each records the uids it was given. */
  static class Listeners {
    private final Map<String, Set<String>> delivered = new ConcurrentHashMap<>();

    Set<String> delivered(String queue) {
      return delivered.computeIfAbsent(queue, q -> ConcurrentHashMap.newKeySet());
    }

    @SafeQueueListener(id = "fo-a", queue = "{fo-a}")
    void a(SafeRedisQueueItem item) {
      delivered("{fo-a}").add(item.uid());
    }

    @SafeQueueListener(id = "fo-b", queue = "{fo-b}")
    void b(SafeRedisQueueItem item) {
      delivered("{fo-b}").add(item.uid());
    }

    @SafeQueueListener(id = "fo-c", queue = "{fo-c}")
    void c(SafeRedisQueueItem item) {
      delivered("{fo-c}").add(item.uid());
    }
  }
}

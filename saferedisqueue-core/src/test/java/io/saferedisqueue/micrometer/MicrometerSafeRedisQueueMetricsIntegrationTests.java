package io.saferedisqueue.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saferedisqueue.core.DefaultSafeRedisQueueFactory;
import io.saferedisqueue.core.FailOutcome;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueStatsCache;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import io.saferedisqueue.testsupport.RedisCommandCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Counters and gauges of queues, moving as items flow through a real Redis. */
@ExtendWith(RedisTestExtension.class)
class MicrometerSafeRedisQueueMetricsIntegrationTests {

  private final RedisTestServer redis;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private static RedisInspector inspector;

  MicrometerSafeRedisQueueMetricsIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeAll
  static void openInspector(RedisTestServer redis) {
    inspector = RedisInspector.connect(redis.url());
  }

  @AfterAll
  static void closeInspector() {
    inspector.close();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private SafeRedisQueue queue(String name, MicrometerSafeRedisQueueMetrics metrics) {
    SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url())
            .name(name)
            .metrics(metrics)
            .recordPushTime(true)
            .maxDeliveries(3)
            // Rotations only where a test runs them.
            .disableAutoclean()
            .build();
    closeables.add(queue);
    return queue;
  }

  private static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private double count(String name, String queue) {
    return registry.get(name).tag("queue", queue).counter().count();
  }

  private double gauge(String name, String queue) {
    return registry.get(name).tag("queue", queue).gauge().value();
  }

  @Test
  void countersMoveAsItemsFlow() {
    String name = uniqueName("counters");
    SafeRedisQueue queue = queue(name, new MicrometerSafeRedisQueueMetrics(registry));

    queue.push("one");
    queue.pushAll(List.of(bytes("two"), bytes("three"), bytes("four")));
    queue.push(bytes("later"), Duration.ofMinutes(1));
    assertThat(count(MicrometerSafeRedisQueueMetrics.PUSHED, name)).isEqualTo(5);

    List<SafeRedisQueueItem> items = queue.popBatch(3, Duration.ofSeconds(1));
    SafeRedisQueueItem fourth = queue.pop(Duration.ofSeconds(1)).orElseThrow();
    assertThat(count(MicrometerSafeRedisQueueMetrics.DELIVERED, name)).isEqualTo(4);

    assertThat(queue.ackAll(List.of(items.get(0).uid(), items.get(1).uid(), "not-in-flight")))
        .isEqualTo(2);
    assertThat(count(MicrometerSafeRedisQueueMetrics.ACKED, name))
        .as("only items that were in flight")
        .isEqualTo(2);

    assertThat(queue.fail(items.get(2).uid())).isTrue();
    assertThat(queue.fail(fourth.uid(), Duration.ofSeconds(30), "later"))
        .isEqualTo(FailOutcome.DELAYED);
    assertThat(count(MicrometerSafeRedisQueueMetrics.FAILED, name)).isEqualTo(2);
    assertThat(count(MicrometerSafeRedisQueueMetrics.DEAD_LETTERED, name)).isZero();
    assertThat(count(MicrometerSafeRedisQueueMetrics.REQUEUED, name)).isZero();
  }

  @Test
  void deadLettersAreCountedOnEveryPath() {
    String name = uniqueName("dead");
    SafeRedisQueue queue = queue(name, new MicrometerSafeRedisQueueMetrics(registry));

    // Explicitly.
    String explicit = queue.push("explicit");
    queue.pop(-1).orElseThrow();
    assertThat(queue.deadLetter(explicit, "bad payload")).isTrue();
    assertThat(queue.deadLetter(explicit, "again")).isFalse();
    assertThat(count(MicrometerSafeRedisQueueMetrics.DEAD_LETTERED, name)).isEqualTo(1);

    // Failed on its last allowed delivery (max 3).
    String failing = queue.push("failing");
    for (int delivery = 1; delivery <= 3; delivery++) {
      assertThat(queue.pop(-1).orElseThrow().uid()).isEqualTo(failing);
      queue.fail(failing, Duration.ZERO, "boom");
    }
    assertThat(count(MicrometerSafeRedisQueueMetrics.DEAD_LETTERED, name)).isEqualTo(2);
    assertThat(count(MicrometerSafeRedisQueueMetrics.FAILED, name)).isEqualTo(2);

    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    // Delivered once more after its consumers kept vanishing: the pop script dead-letters it.
    String vanishing = queue.push("vanishing");
    for (int delivery = 1; delivery <= 3; delivery++) {
      assertThat(queue.pop(-1).orElseThrow().uid()).isEqualTo(vanishing);
      inspector.template().opsForList().remove(keys.ackbuf(), 0, bytes(vanishing));
      inspector.template().opsForList().leftPush(keys.queue(), bytes(vanishing));
    }
    assertThat(queue.pop(-1)).isEmpty();
    assertThat(count(MicrometerSafeRedisQueueMetrics.DEAD_LETTERED, name)).isEqualTo(3);

    // The same through a blocking pop, which counts the item with the pop script after BLMOVE.
    String blocking = queue.push("blocking");
    for (int delivery = 1; delivery <= 3; delivery++) {
      assertThat(queue.pop(-1).orElseThrow().uid()).isEqualTo(blocking);
      inspector.template().opsForList().remove(keys.ackbuf(), 0, bytes(blocking));
      if (delivery < 3) {
        inspector.template().opsForList().leftPush(keys.queue(), bytes(blocking));
      }
    }
    Thread pusher =
        new Thread(
            () -> {
              sleep(300);
              inspector.template().opsForList().leftPush(keys.queue(), bytes(blocking));
            });
    pusher.start();
    assertThat(queue.popBatch(1, Duration.ofSeconds(2))).isEmpty();
    assertThat(count(MicrometerSafeRedisQueueMetrics.DEAD_LETTERED, name)).isEqualTo(4);
    assertThat(queue.deadLetters().count()).isEqualTo(4);
    assertThat(count(MicrometerSafeRedisQueueMetrics.DELIVERED, name)).isEqualTo(10);
  }

  @Test
  void itemsRequeuedByAutocleanAreCounted() {
    String name = uniqueName("requeued");
    SafeRedisQueue queue = queue(name, new MicrometerSafeRedisQueueMetrics(registry));
    queue.pushAll(List.of(bytes("a"), bytes("b")));
    queue.popBatch(2, Duration.ofSeconds(1));

    assertThat(queue.admin().rotate(Duration.ofMillis(1))).isZero(); // ackbuf becomes backup
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.admin().rotate(Duration.ofMillis(1)) >= 0);
    assertThat(count(MicrometerSafeRedisQueueMetrics.REQUEUED, name)).isEqualTo(2);
  }

  @Test
  void gaugesShowTheQueueStateReadThroughTheCache() throws Exception {
    String name = uniqueName("gauges");
    SafeRedisQueueStatsCache cache = new SafeRedisQueueStatsCache(Duration.ofMillis(300));
    MicrometerSafeRedisQueueMetrics metrics =
        new MicrometerSafeRedisQueueMetrics(registry, cache, List.of());
    SafeRedisQueue queue = queue(name, metrics);

    assertThat(gauge(MicrometerSafeRedisQueueMetrics.WAITING, name)).isZero();
    assertThat(gauge(MicrometerSafeRedisQueueMetrics.OLDEST_AGE, name)).isZero();

    queue.pushAll(List.of(bytes("1"), bytes("2"), bytes("3"), bytes("4")));
    queue.push(bytes("delayed"), Duration.ofMinutes(1));
    queue.pop(-1).orElseThrow();
    String dead = queue.pop(-1).orElseThrow().uid();
    queue.deadLetter(dead, "test");
    Thread.sleep(700);

    assertThat(gauge(MicrometerSafeRedisQueueMetrics.WAITING, name)).isEqualTo(2);
    assertThat(gauge(MicrometerSafeRedisQueueMetrics.IN_FLIGHT, name)).isEqualTo(1);
    assertThat(gauge(MicrometerSafeRedisQueueMetrics.DELAYED, name)).isEqualTo(1);
    assertThat(gauge(MicrometerSafeRedisQueueMetrics.DEAD, name)).isEqualTo(1);
    assertThat(gauge(MicrometerSafeRedisQueueMetrics.OLDEST_AGE, name)).isBetween(0.6, 10.0);
    Gauge age = registry.get(MicrometerSafeRedisQueueMetrics.OLDEST_AGE).tag("queue", name).gauge();
    assertThat(age.getId().getBaseUnit()).isEqualTo("seconds");
  }

  @Test
  void aScrapeOfAllGaugesRunsAtMostOneScriptPerQueue() {
    SafeRedisQueueStatsCache cache = new SafeRedisQueueStatsCache(Duration.ofMinutes(1));
    MicrometerSafeRedisQueueMetrics metrics =
        new MicrometerSafeRedisQueueMetrics(registry, cache, List.of());
    SafeRedisQueue first = queue(uniqueName("scrape-a"), metrics);
    SafeRedisQueue second = queue(uniqueName("scrape-b"), metrics);
    first.push("x");
    second.push("y");

    long before = RedisCommandCalls.scripts(inspector);
    for (int scrape = 0; scrape < 10; scrape++) {
      registry.getMeters().stream()
          .filter(meter -> meter instanceof Gauge)
          .forEach(meter -> ((Gauge) meter).value());
    }
    assertThat(registry.find(MicrometerSafeRedisQueueMetrics.WAITING).gauges()).hasSize(2);
    assertThat(RedisCommandCalls.scripts(inspector) - before)
        .as("10 scrapes of 5 gauges of 2 queues")
        .isEqualTo(2);
  }

  @Test
  void queuesAFactoryCreatesLaterGetTheirMetersToo() {
    LettuceConnectionFactory connectionFactory =
        io.saferedisqueue.core.RedisUrl.parse(redis.url())
            .createConnectionFactory(Duration.ofSeconds(5));
    closeables.add(connectionFactory::destroy);
    MicrometerSafeRedisQueueMetrics metrics = new MicrometerSafeRedisQueueMetrics(registry);
    DefaultSafeRedisQueueFactory factory =
        new DefaultSafeRedisQueueFactory(
            connectionFactory, (name, builder) -> builder.metrics(metrics));
    closeables.add(factory);

    String early = uniqueName("early");
    factory.getQueue(early).push("x");
    assertThat(registry.find(MicrometerSafeRedisQueueMetrics.WAITING).gauges()).hasSize(1);

    // Binding again (as the starter does for a factory's queues at start-up) changes nothing.
    factory.getQueues().forEach(metrics::bindGauges);
    assertThat(registry.find(MicrometerSafeRedisQueueMetrics.WAITING).gauges()).hasSize(1);

    String late = uniqueName("late");
    factory.getQueue(late).pushAll(List.of(bytes("1"), bytes("2")));
    assertThat(gauge(MicrometerSafeRedisQueueMetrics.WAITING, late)).isEqualTo(2);
    assertThat(count(MicrometerSafeRedisQueueMetrics.PUSHED, late)).isEqualTo(2);
    assertThat(count(MicrometerSafeRedisQueueMetrics.PUSHED, early)).isEqualTo(1);
  }

  @Test
  void gaugesReportNaNWhileRedisIsDownAndRecover() {
    try (LocalRedisServer server = LocalRedisServer.startDefault()) {
      SafeRedisQueueStatsCache cache = new SafeRedisQueueStatsCache(Duration.ofMillis(200));
      SafeRedisQueue queue =
          SafeRedisQueue.builder(server.url())
              .name("outage")
              .commandTimeout(Duration.ofSeconds(2))
              .metrics(new MicrometerSafeRedisQueueMetrics(registry, cache, List.of()))
              .build();
      closeables.add(queue);
      queue.push("x");
      await().until(() -> gauge(MicrometerSafeRedisQueueMetrics.WAITING, "outage") == 1);

      server.stop();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Double.isNaN(gauge(MicrometerSafeRedisQueueMetrics.WAITING, "outage")));
      server.start();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> gauge(MicrometerSafeRedisQueueMetrics.WAITING, "outage") == 0);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

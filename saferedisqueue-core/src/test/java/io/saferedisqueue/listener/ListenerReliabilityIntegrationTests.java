package io.saferedisqueue.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.DeadLetter;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.util.backoff.FixedBackOff;

/** No poison loops, no double work: dead letters, back-off and lease renewal in the container. */
@ExtendWith(RedisTestExtension.class)
class ListenerReliabilityIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final RedisTestServer redis;
  private final List<SafeQueueListenerContainer> containers = new ArrayList<>();
  private final List<SafeRedisQueue> queues = new ArrayList<>();

  private static RedisInspector inspector;

  ListenerReliabilityIntegrationTests(RedisTestServer redis) {
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
  void cleanUp() {
    containers.forEach(SafeQueueListenerContainer::stop);
    queues.forEach(SafeRedisQueue::close);
  }

  private SafeRedisQueue queue(Duration autoclean) {
    SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url())
            .name("reliable-" + UUID.randomUUID().toString().substring(0, 8))
            .autocleanInterval(autoclean)
            .build();
    queues.add(queue);
    return queue;
  }

  private static SafeRedisQueueKeys keys(SafeRedisQueue queue) {
    return SafeRedisQueueKeys.forName(queue.name());
  }

  private SafeQueueListenerContainer start(
      SafeRedisQueue queue, SafeQueueItemListener listener, int concurrency) {
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer("reliable", queue, listener);
    container.setConcurrency(concurrency);
    container.setPollTimeout(Duration.ofMillis(200));
    containers.add(container);
    container.start();
    return container;
  }

  /** Fault 3: a handler that always throws, among items that succeed. */
  @Test
  void aPoisonItemIsDeadLetteredAfterExactlyTheMaximumDeliveriesWhileOthersFlow() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    String poison = queue.push("poison");
    List<String> good = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      good.add(queue.push("good-" + i));
    }
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    List<String> done = new CopyOnWriteArrayList<>();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer(
            "poison",
            queue,
            item -> {
              calls.computeIfAbsent(item.uid(), k -> new AtomicInteger()).incrementAndGet();
              if (item.payloadAsString().equals("poison")) {
                throw new IllegalStateException("cannot handle " + item.uid());
              }
              done.add(item.uid());
            });
    container.setMaxDeliveries(4);
    container.setConcurrency(2);
    containers.add(container);
    container.start();

    await()
        .atMost(WAIT)
        .until(() -> queue.deadLetters().count() == 1 && done.size() == good.size());
    assertThat(calls.get(poison).get()).isEqualTo(4);
    assertThat(done).containsExactlyInAnyOrderElementsOf(good);
    DeadLetter dead = queue.deadLetters().list(0, 10).get(0);
    assertThat(dead.uid()).isEqualTo(poison);
    assertThat(dead.deliveries()).isEqualTo(4);
    assertThat(dead.payloadAsString()).isEqualTo("poison");
    assertThat(dead.reason()).isEqualTo("java.lang.IllegalStateException: cannot handle " + poison);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(queue.admin().sizes())
                    .isEqualTo(new SafeRedisQueueSizes(0, 0, 0, 0, 1)));
  }

  /** Fault 6: a payload that cannot be read as the listener's type. */
  @Test
  void anUndecodablePayloadIsDeadLetteredAtTheFirstDeliveryWithTheConversionError() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    String bad = queue.push("{not json");
    AtomicInteger calls = new AtomicInteger();
    start(
        queue,
        item -> {
          calls.incrementAndGet();
          queue.read(item, Order.class);
        },
        1);
    await().atMost(WAIT).until(() -> queue.deadLetters().count() == 1);
    DeadLetter dead = queue.deadLetters().list(0, 1).get(0);
    assertThat(dead.uid()).isEqualTo(bad);
    assertThat(dead.deliveries()).isEqualTo(1);
    assertThat(dead.reason())
        .startsWith("io.saferedisqueue.core.PayloadConversionException: Cannot read the payload")
        .contains(Order.class.getName());
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void anErrorMarkedNotRetryableIsDeadLetteredAtOnce() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    queue.push("x");
    AtomicInteger calls = new AtomicInteger();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer(
            "fatal",
            queue,
            item -> {
              calls.incrementAndGet();
              throw new RuntimeException(new UnsupportedOperationException("never works"));
            });
    container.setNotRetryable(List.of(UnsupportedOperationException.class));
    containers.add(container);
    container.start();
    await().atMost(WAIT).until(() -> queue.deadLetters().count() == 1);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(queue.deadLetters().list(0, 1).get(0).reason()).contains("never works");
  }

  @Test
  void theBackOffDelaysEachRetry() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    String uid = queue.push("flaky");
    List<Long> attempts = new CopyOnWriteArrayList<>();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer(
            "flaky",
            queue,
            item -> {
              attempts.add(System.nanoTime());
              if (attempts.size() < 3) {
                throw new IllegalStateException("not yet");
              }
            });
    container.setBackOff(new FixedBackOff(700, FixedBackOff.UNLIMITED_ATTEMPTS));
    container.setPollTimeout(Duration.ofMillis(100));
    containers.add(container);
    container.start();
    await().atMost(WAIT).until(() -> attempts.size() == 3 && queue.admin().sizes().inFlight() == 0);
    for (int i = 1; i < 3; i++) {
      assertThat(Duration.ofNanos(attempts.get(i) - attempts.get(i - 1)).toMillis())
          .as("gap before attempt %d", i + 1)
          .isGreaterThanOrEqualTo(650);
    }
    assertThat(inspector.hasField(keys(queue).items(), uid)).isFalse();
  }

  /** Fault 5: a handler that runs five autoclean intervals. */
  @Test
  void aHandlerRunningFiveAutocleanIntervalsIsDeliveredOnce() {
    Duration interval = Duration.ofMillis(600);
    SafeRedisQueue queue = queue(interval);
    String uid = queue.push("long job");
    AtomicInteger deliveries = new AtomicInteger();
    start(
        queue,
        item -> {
          deliveries.incrementAndGet();
          Thread.sleep(interval.multipliedBy(5).toMillis());
        },
        2);
    await().atMost(WAIT).until(() -> deliveries.get() == 1);
    // Another consumer keeps rotating meanwhile, as other instances would.
    try (SafeRedisQueue other =
        SafeRedisQueue.builder(redis.url())
            .name(queue.name())
            .autocleanInterval(interval)
            .build()) {
      long end = System.nanoTime() + interval.multipliedBy(6).toNanos();
      while (System.nanoTime() < end) {
        assertThat(other.pop(0.2)).isEmpty();
      }
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
    assertThat(deliveries.get()).isEqualTo(1);
    assertThat(inspector.hasField(keys(queue).items(), uid)).isFalse();
  }

  @Test
  void withoutLeaseRenewalTheSameLongHandlerIsDeliveredTwice() {
    Duration interval = Duration.ofMillis(600);
    SafeRedisQueue queue = queue(interval);
    queue.push("long job");
    AtomicInteger deliveries = new AtomicInteger();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer(
            "no-lease",
            queue,
            item -> {
              deliveries.incrementAndGet();
              Thread.sleep(interval.multipliedBy(5).toMillis());
            });
    container.setLeaseRenewal(false);
    container.setConcurrency(2);
    container.setPollTimeout(Duration.ofMillis(200));
    containers.add(container);
    container.start();
    await().atMost(WAIT).until(() -> deliveries.get() >= 2);
  }

  @Test
  void anItemWhoseConsumersKeptDyingIsDeadLetteredBeforeReachingTheListener() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    String uid = queue.push("crashes its consumers");
    // Three consumers took it and died: three deliveries, never acked.
    for (int i = 0; i < 3; i++) {
      SafeRedisQueueItem item = queue.tryPop().orElseThrow();
      assertThat(item.deliveries()).isEqualTo(i + 1);
      inspector.template().opsForList().remove(keys(queue).ackbuf(), 1, uid.getBytes());
      inspector.template().opsForList().leftPush(keys(queue).queue(), uid.getBytes());
    }
    AtomicInteger calls = new AtomicInteger();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer("guard", queue, item -> calls.incrementAndGet());
    container.setMaxDeliveries(3);
    container.setPollTimeout(Duration.ofMillis(200));
    containers.add(container);
    container.start();
    await().atMost(WAIT).until(() -> queue.deadLetters().count() == 1);
    assertThat(calls.get()).isZero();
    assertThat(queue.deadLetters().list(0, 1).get(0).reason())
        .isEqualTo("delivered 4 times without ack or fail (max 3)");
  }

  /** A JSON target for the conversion test. */
  record Order(String id, int amount) {}
}

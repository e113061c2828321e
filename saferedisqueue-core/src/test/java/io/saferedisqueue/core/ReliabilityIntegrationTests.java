package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Delivery counts, dead letters, delayed items and lease renewal in the core queue. */
@ExtendWith(RedisTestExtension.class)
class ReliabilityIntegrationTests {

  private final RedisTestServer redis;

  private static RedisInspector inspector;

  ReliabilityIntegrationTests(RedisTestServer redis) {
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

  private SafeRedisQueue queue(int maxDeliveries) {
    return SafeRedisQueue.builder(redis.url())
        .name(QueueTestSupport.uniqueName("reliable"))
        .maxDeliveries(maxDeliveries)
        .build();
  }

  private static SafeRedisQueueKeys keys(SafeRedisQueue queue) {
    return SafeRedisQueueKeys.forName(queue.name());
  }

  @Test
  void eachDeliveryIsCounted() {
    try (SafeRedisQueue queue = queue(0)) {
      String uid = queue.push("x");
      for (int delivery = 1; delivery <= 3; delivery++) {
        SafeRedisQueueItem item = queue.pop(1).orElseThrow();
        assertThat(item.deliveries()).isEqualTo(delivery);
        queue.fail(uid);
      }
      queue.tryPop();
      queue.ack(uid);
      assertThat(inspector.hasField(keys(queue).deliveries(), uid)).isFalse();
    }
  }

  @Test
  void withoutAMaximumFailRequeuesForeverAsThePythonLibraryDoes() {
    try (SafeRedisQueue queue = queue(0)) {
      String uid = queue.push("poison");
      for (int i = 0; i < 20; i++) {
        assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);
        assertThat(queue.fail(uid)).isTrue();
      }
      assertThat(queue.deadLetters().count()).isZero();
    }
  }

  @Test
  void anItemFailedOnItsLastAllowedDeliveryBecomesADeadLetter() {
    try (SafeRedisQueue queue = queue(3)) {
      String uid = queue.push("poison");
      String other = queue.push("fine");
      for (int delivery = 1; delivery <= 3; delivery++) {
        SafeRedisQueueItem item = queue.tryPop().orElseThrow();
        if (item.uid().equals(other)) {
          queue.ack(other);
          item = queue.tryPop().orElseThrow();
        }
        FailOutcome outcome =
            queue.fail(uid, Duration.ZERO, "java.lang.IllegalStateException: boom");
        assertThat(outcome)
            .isEqualTo(delivery < 3 ? FailOutcome.REQUEUED : FailOutcome.DEAD_LETTERED);
      }
      assertThat(queue.tryPop()).isEmpty();
      assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0, 0, 1));
      DeadLetter dead = queue.deadLetters().list(0, 10).get(0);
      assertThat(dead.uid()).isEqualTo(uid);
      assertThat(dead.payloadAsString()).isEqualTo("poison");
      assertThat(dead.deliveries()).isEqualTo(3);
      assertThat(dead.reason()).isEqualTo("java.lang.IllegalStateException: boom");
      assertThat(dead.deadAt())
          .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
      // Its payload left the Python-visible items hash.
      assertThat(inspector.hasField(keys(queue).items(), uid)).isFalse();
    }
  }

  @Test
  void anItemWhoseConsumersKeepVanishingIsDeadLetteredAtThePopAfterItsMaximum() {
    try (SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url())
            .name(QueueTestSupport.uniqueName("vanishing"))
            .maxDeliveries(2)
            .disableAutoclean()
            .build()) {
      String uid = queue.push("crasher");
      for (int i = 0; i < 2; i++) {
        assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);
        // The consumer dies; a rotation pair brings the item back.
        queue.admin().rotate(Duration.ofMillis(1));
        inspector.delete(keys(queue).backupLock());
        queue.admin().rotate(Duration.ofMillis(1));
        inspector.delete(keys(queue).backupLock());
      }
      assertThat(queue.admin().sizes().waiting()).isEqualTo(1);
      assertThat(queue.tryPop()).isEmpty();
      DeadLetter dead = queue.deadLetters().list(0, 1).get(0);
      assertThat(dead.uid()).isEqualTo(uid);
      assertThat(dead.deliveries()).isEqualTo(2);
      assertThat(dead.reason()).contains("without ack or fail");
    }
  }

  @Test
  void explicitDeadLetteringAndTheDeadLetterApi() {
    try (SafeRedisQueue queue = queue(0)) {
      List<String> uids = queue.pushAll(List.of("a".getBytes(), "b".getBytes(), "c".getBytes()));
      for (SafeRedisQueueItem item : queue.popAvailable(3)) {
        assertThat(queue.deadLetter(item.uid(), "not json: " + item.payloadAsString())).isTrue();
      }
      assertThat(queue.deadLetter(uids.get(0), "again")).isFalse();
      assertThat(queue.deadLetters().count()).isEqualTo(3);
      // Oldest first; within one millisecond by uid.
      assertThat(queue.deadLetters().list(0, 5))
          .extracting(DeadLetter::uid)
          .containsExactlyInAnyOrderElementsOf(uids);
      assertThat(queue.deadLetters().list(1, 5)).hasSize(2);
      assertThat(queue.deadLetters().list(0, 1).get(0).reason()).startsWith("not json: ");

      assertThat(queue.deadLetters().requeue(List.of(uids.get(0)))).isEqualTo(1);
      SafeRedisQueueItem back = queue.tryPop().orElseThrow();
      assertThat(back.uid()).isEqualTo(uids.get(0));
      assertThat(back.payloadAsString()).isEqualTo("a");
      assertThat(back.deliveries()).isEqualTo(1);
      queue.ack(back.uid());

      assertThat(queue.deadLetters().delete(List.of(uids.get(1)))).isEqualTo(1);
      assertThat(queue.deadLetters().requeueAll()).isEqualTo(1);
      assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uids.get(2));
      assertThat(queue.deadLetters().count()).isZero();

      queue.deadLetter(uids.get(2), "x");
      assertThat(queue.deadLetters().deleteAll()).isEqualTo(1);
      assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0, 0, 0));
      assertThat(inspector.hashSize(keys(queue).items())).isZero();
    }
  }

  @Test
  void delayedPushAndDelayedFailAreQueuedWhenDue() {
    try (SafeRedisQueue queue = queue(0)) {
      String later = queue.push("later", Duration.ofMillis(1500));
      assertThat(queue.admin().sizes().delayed()).isEqualTo(1);
      assertThat(queue.tryPop()).isEmpty();
      long start = System.nanoTime();
      SafeRedisQueueItem item = queue.pop(5).orElseThrow();
      long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertThat(item.uid()).isEqualTo(later);
      assertThat(waited).isGreaterThanOrEqualTo(1000);

      assertThat(queue.fail(later, Duration.ofMillis(800), "retry")).isEqualTo(FailOutcome.DELAYED);
      assertThat(queue.tryPop()).isEmpty();
      SafeRedisQueueItem retried = queue.pop(5).orElseThrow();
      assertThat(retried.uid()).isEqualTo(later);
      assertThat(retried.deliveries()).isEqualTo(2);
      queue.ack(later);

      String past = queue.pushAt("past".getBytes(), Instant.now().minusSeconds(5));
      assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(past);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> queue.push("x", Duration.ofSeconds(-1)))
          .withMessageContaining("delay must be zero or positive, was PT-1S");
    }
  }

  @Test
  void manyConsumersMoveEachDueItemExactlyOnce() throws Exception {
    String name = QueueTestSupport.uniqueName("delayed-race");
    int items = 300;
    try (SafeRedisQueue producer = QueueTestSupport.queue(redis, name)) {
      for (int i = 0; i < items; i++) {
        producer.push("d" + i, Duration.ofMillis(300));
      }
      java.util.Map<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
      List<Thread> consumers = new java.util.ArrayList<>();
      for (int c = 0; c < 4; c++) {
        Thread consumer =
            new Thread(
                () -> {
                  try (SafeRedisQueue queue = QueueTestSupport.queue(redis, name)) {
                    SafeRedisQueueItem item;
                    while ((item = queue.pop(2).orElse(null)) != null) {
                      seen.merge(item.uid(), 1, Integer::sum);
                      queue.ack(item.uid());
                    }
                  }
                });
        consumer.start();
        consumers.add(consumer);
      }
      for (Thread consumer : consumers) {
        consumer.join(30_000);
      }
      assertThat(seen).hasSize(items);
      assertThat(seen.values()).containsOnly(1);
      assertThat(producer.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0, 0, 0));
    }
  }

  @Test
  void renewalKeepsALongRunningItemFromBeingRequeued() throws Exception {
    Duration interval = Duration.ofMillis(400);
    String name = QueueTestSupport.uniqueName("lease");
    try (SafeRedisQueue worker = QueueTestSupport.queue(redis, name, interval);
        SafeRedisQueue other = QueueTestSupport.queue(redis, name, interval)) {
      String uid = worker.push("long job");
      assertThat(worker.tryPop().orElseThrow().uid()).isEqualTo(uid);
      // Five intervals of work, renewing every half interval, while another consumer rotates.
      long end = System.nanoTime() + interval.multipliedBy(5).toNanos();
      while (System.nanoTime() < end) {
        assertThat(other.pop(0.2)).isEmpty();
        worker.renew(List.of(uid));
      }
      assertThat(worker.ack(uid)).isTrue();
      assertThat(other.pop(1)).isEmpty();
    }
  }
}

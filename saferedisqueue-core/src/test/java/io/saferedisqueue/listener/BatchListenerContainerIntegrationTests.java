package io.saferedisqueue.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.core.DeadLetter;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.listener.api.SafeQueueBatchFailedException;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Batch listeners in the container on its own, without Spring, on a real Redis. */
@ExtendWith(RedisTestExtension.class)
class BatchListenerContainerIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final RedisTestServer redis;
  private final List<SafeQueueListenerContainer> containers = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<SafeRedisQueue> queues = new ArrayList<>();
  private RedisInspector inspector;

  BatchListenerContainerIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void connect() {
    inspector = RedisInspector.connect(redis.url());
  }

  @AfterEach
  void cleanUp() {
    release.countDown();
    containers.forEach(SafeQueueListenerContainer::stop);
    queues.forEach(SafeRedisQueue::close);
    inspector.close();
  }

  private SafeRedisQueue queue(Duration autoclean) {
    SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url())
            .name("batch-" + UUID.randomUUID().toString().substring(0, 8))
            .autocleanInterval(autoclean)
            .build();
    queues.add(queue);
    return queue;
  }

  private SafeQueueListenerContainer container(
      SafeRedisQueue queue, SafeQueueBatchListener listener, int consumerBatchSize) {
    SafeQueueListenerSettings settings =
        SafeQueueListenerSettings.builder()
            .consumerBatchSize(consumerBatchSize)
            .pollTimeout(Duration.ofMillis(200))
            .build();
    SafeQueueListenerContainer container =
        SafeQueueListenerContainer.forBatches("batch", queue, listener, settings);
    containers.add(container);
    return container;
  }

  private List<String> push(SafeRedisQueue queue, String prefix, int count) {
    List<String> uids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      uids.add(queue.push(prefix + i));
    }
    return uids;
  }

  private void assertNothingLeft(SafeRedisQueue queue) {
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(queue.name());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(inspector.listSize(keys.queue())).as("waiting").isZero();
              assertThat(inspector.listSize(keys.ackbuf()) + inspector.listSize(keys.backup()))
                  .as("in flight")
                  .isZero();
              assertThat(inspector.hashSize(keys.items())).as("payloads").isZero();
            });
  }

  private void awaitSizes(SafeRedisQueueKeys keys, long waiting, long inFlight) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(inspector.listSize(keys.queue())).as("waiting").isEqualTo(waiting);
              assertThat(inspector.listSize(keys.ackbuf()) + inspector.listSize(keys.backup()))
                  .as("in flight")
                  .isEqualTo(inFlight);
            });
  }

  private static String text(SafeRedisQueueItem item) {
    return new String(item.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void aBacklogArrivesInBatchesOfAtMostTheMaximumAndAllAreAcked() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    List<String> uids = push(queue, "item-", 50);
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    SafeQueueListenerContainer container =
        container(
            queue,
            items -> {
              sizes.add(items.size());
              items.forEach(item -> seen.add(item.uid()));
            },
            8);
    container.start();

    await().atMost(WAIT).until(() -> seen.size() >= 50);
    assertNothingLeft(queue);
    assertThat(seen).containsExactlyElementsOf(uids);
    assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 8));
    // 50 items were waiting before the start, so the worker found full batches.
    assertThat(sizes).anySatisfy(size -> assertThat(size).isEqualTo(8));
    assertThat(sizes.size()).isLessThan(50);
  }

  @Test
  void aFailingBatchIsRedeliveredPerItemAndDeadLetteredAfterMaxDeliveries() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    List<String> uids = push(queue, "poison-", 5);
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    SafeQueueListenerContainer container =
        container(
            queue,
            items -> {
              items.forEach(
                  item ->
                      deliveries
                          .computeIfAbsent(item.uid(), k -> new AtomicInteger())
                          .incrementAndGet());
              throw new IllegalStateException("batch never works");
            },
            10);
    container.setMaxDeliveries(3);
    container.start();

    await().atMost(WAIT).until(() -> queue.deadLetters().count() == 5);
    assertNothingLeft(queue);
    assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(uids);
    assertThat(deliveries.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(3));
    List<DeadLetter> dead = queue.deadLetters().list(0, 10);
    assertThat(dead).extracting(DeadLetter::uid).containsExactlyInAnyOrderElementsOf(uids);
    assertThat(dead)
        .allSatisfy(letter -> assertThat(letter.reason()).contains("batch never works"));
  }

  @Test
  void aBatchFailedExceptionSendsBackOnlyTheItemsItNames() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    List<String> good = push(queue, "good-", 6);
    List<String> bad = push(queue, "bad-", 3);
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    SafeQueueListenerContainer container =
        container(
            queue,
            items -> {
              List<Integer> failed = new ArrayList<>();
              for (int i = 0; i < items.size(); i++) {
                SafeRedisQueueItem item = items.get(i);
                deliveries.computeIfAbsent(item.uid(), k -> new AtomicInteger()).incrementAndGet();
                if (text(item).startsWith("bad-")) {
                  failed.add(i);
                }
              }
              if (!failed.isEmpty()) {
                throw new SafeQueueBatchFailedException(
                    "some failed",
                    new IllegalArgumentException("bad item"),
                    failed.stream().mapToInt(Integer::intValue).toArray());
              }
            },
            20);
    container.setMaxDeliveries(2);
    container.start();

    await().atMost(WAIT).until(() -> queue.deadLetters().count() == 3);
    assertNothingLeft(queue);
    assertThat(good).allSatisfy(uid -> assertThat(deliveries.get(uid).get()).isEqualTo(1));
    assertThat(bad).allSatisfy(uid -> assertThat(deliveries.get(uid).get()).isEqualTo(2));
    assertThat(queue.deadLetters().list(0, 10))
        .extracting(DeadLetter::uid)
        .containsExactlyInAnyOrderElementsOf(bad);
  }

  @Test
  void eachItemCanFailWithItsOwnCause() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    List<String> uids = push(queue, "item-", 3);
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    SafeQueueListenerContainer container =
        container(
            queue,
            items -> {
              items.forEach(
                  item ->
                      deliveries
                          .computeIfAbsent(item.uid(), k -> new AtomicInteger())
                          .incrementAndGet());
              Map<Integer, Throwable> failures = new java.util.HashMap<>();
              for (int i = 0; i < items.size(); i++) {
                if (items.get(i).uid().equals(uids.get(0))) {
                  failures.put(i, new UnsupportedOperationException("never retry this"));
                } else if (items.get(i).uid().equals(uids.get(1))) {
                  failures.put(i, new IllegalStateException("retry this"));
                }
              }
              if (!failures.isEmpty()) {
                throw new SafeQueueBatchFailedException("two failed", failures);
              }
            },
            10);
    container.setMaxDeliveries(3);
    container.setNotRetryable(List.of(UnsupportedOperationException.class));
    container.start();

    await().atMost(WAIT).until(() -> queue.deadLetters().count() == 2);
    assertNothingLeft(queue);
    assertThat(deliveries.get(uids.get(0)).get()).as("not retryable").isEqualTo(1);
    assertThat(deliveries.get(uids.get(1)).get()).as("retried").isEqualTo(3);
    assertThat(deliveries.get(uids.get(2)).get()).as("acked").isEqualTo(1);
  }

  @Test
  void anIndexOutsideTheBatchFailsTheWholeBatch() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    List<String> uids = push(queue, "item-", 3);
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    SafeQueueListenerContainer container =
        container(
            queue,
            items -> {
              items.forEach(
                  item ->
                      deliveries
                          .computeIfAbsent(item.uid(), k -> new AtomicInteger())
                          .incrementAndGet());
              throw new SafeQueueBatchFailedException("wrong index", null, items.size());
            },
            10);
    container.setMaxDeliveries(2);
    container.start();

    await().atMost(WAIT).until(() -> queue.deadLetters().count() == 3);
    assertThat(uids).allSatisfy(uid -> assertThat(deliveries.get(uid).get()).isEqualTo(2));
  }

  @Test
  void concurrencyRunsThatManyBatchesAtOnceAndEveryItemOfThemIsInFlight() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    SafeQueueListenerContainer container =
        container(
            queue,
            items -> {
              batches.add(items.stream().map(SafeRedisQueueItem::uid).toList());
              release.await();
            },
            3);
    container.setConcurrency(2);
    push(queue, "item-", 12);
    container.start();

    await().atMost(WAIT).until(() -> batches.size() == 2 && container.getActiveHandlers() == 2);
    Set<String> running = batches.stream().flatMap(List::stream).collect(Collectors.toSet());
    assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 3));
    assertThat(container.getInFlight()).isEqualTo(running);
    assertThat(container.getHighestConcurrentHandlers()).isEqualTo(2);
    release.countDown();
    await().atMost(WAIT).until(() -> batches.stream().mapToInt(List::size).sum() == 12);
    assertNothingLeft(queue);
  }

  @Test
  void pausePutsBackTheItemsNotYetInABatch() {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(queue.name());
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    SafeQueueListenerContainer container =
        container(
            queue,
            items -> {
              batches.add(items.stream().map(SafeRedisQueueItem::uid).toList());
              release.await();
            },
            2);
    push(queue, "item-", 10);
    container.start();
    await().atMost(WAIT).until(() -> batches.size() == 1);

    container.pause();
    // Only the running batch stays in flight; what the fetcher had taken beyond it went back.
    // (A blocking pop under way may take a released item once more and put it back at once.)
    int running = batches.get(0).size();
    awaitSizes(keys, 10 - running, running);
    release.countDown();
    awaitSizes(keys, 10 - running, 0);
    assertThat(batches).hasSize(1);
  }

  @Test
  void stopPutsBackTheItemsNotYetInABatchAndLetsTheRunningBatchFinish() throws Exception {
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(queue.name());
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    SafeQueueListenerContainer container =
        container(
            queue,
            items -> {
              batches.add(items.stream().map(SafeRedisQueueItem::uid).toList());
              release.await();
            },
            3);
    push(queue, "item-", 10);
    container.start();
    await().atMost(WAIT).until(() -> batches.size() == 1);
    int running = batches.get(0).size();

    Thread stopper = new Thread(container::stop, "stopper");
    stopper.start();
    // Stop waits for the running batch; what the fetcher took beyond it is back at once.
    awaitSizes(keys, 10 - running, running);
    assertThat(stopper.isAlive()).isTrue();
    release.countDown();
    stopper.join(WAIT.toMillis());
    assertThat(stopper.isAlive()).isFalse();
    assertThat(container.isRunning()).isFalse();
    assertThat(inspector.listSize(keys.ackbuf()) + inspector.listSize(keys.backup())).isZero();
    assertThat(inspector.listSize(keys.queue())).isEqualTo(10 - running);
    assertThat(batches).hasSize(1);
  }

  @Test
  void theListenerTimerHasOneSamplePerBatch() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    SafeRedisQueue queue = queue(Duration.ofSeconds(60));
    push(queue, "item-", 30);
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    SafeQueueListenerContainer container =
        container(
            queue,
            items -> {
              sizes.add(items.size());
              if (sizes.size() == 1) {
                throw new IllegalStateException("first batch fails");
              }
            },
            7);
    container.setObservationRegistry(observations);
    container.start();

    await()
        .atMost(WAIT)
        .until(
            // The first batch's items come again after its failure.
            () ->
                !sizes.isEmpty()
                    && sizes.stream().mapToInt(Integer::intValue).sum() >= 30 + sizes.get(0));
    assertNothingLeft(queue);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              long success =
                  meters.get("saferedisqueue.listener").tag("result", "success").timer().count();
              long failure =
                  meters.get("saferedisqueue.listener").tag("result", "failure").timer().count();
              assertThat(failure).isEqualTo(1);
              assertThat(success + failure).isEqualTo(sizes.size());
            });
    assertThat(sizes.size()).isLessThan(30);
  }

  @Test
  void leaseRenewalKeepsEveryItemOfALongBatchFromAutoclean() throws Exception {
    Duration interval = Duration.ofMillis(600);
    SafeRedisQueue queue = queue(interval);
    List<String> uids = push(queue, "long-", 4);
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    SafeQueueListenerContainer container =
        container(
            queue,
            items -> {
              items.forEach(
                  item ->
                      deliveries
                          .computeIfAbsent(item.uid(), k -> new AtomicInteger())
                          .incrementAndGet());
              Thread.sleep(interval.multipliedBy(5).toMillis());
            },
            4);
    container.setConcurrency(2);
    container.start();
    await().atMost(WAIT).until(() -> deliveries.size() == 4);
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
    assertNothingLeft(queue);
    assertThat(uids).allSatisfy(uid -> assertThat(deliveries.get(uid).get()).isEqualTo(1));
  }
}

package io.saferedisqueue.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.types.RedisClientInfo;

/**
 * The consumption engine: one fetcher per container feeding a pool of workers. Counts the
 * connections with {@code CLIENT LIST} on a real server.
 */
@ExtendWith(RedisTestExtension.class)
class WorkerPoolIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final RedisTestServer redis;
  private final List<SafeQueueListenerContainer> containers = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private String name;
  private SafeRedisQueue queue;
  private SafeRedisQueueKeys keys;
  private RedisInspector inspector;

  WorkerPoolIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void createQueue() {
    name = "pool-" + UUID.randomUUID().toString().substring(0, 8);
    queue = SafeRedisQueue.builder(redis.url()).name(name).build();
    closeables.add(queue);
    keys = SafeRedisQueueKeys.forName(name);
    inspector = RedisInspector.connect(redis.url());
    closeables.add(inspector);
  }

  @AfterEach
  void cleanUp() throws Exception {
    release.countDown();
    containers.forEach(SafeQueueListenerContainer::stop);
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private void pushItems(int count) {
    queue.pushAll(
        IntStream.range(0, count)
            .mapToObj(i -> ("item-" + i).getBytes(StandardCharsets.UTF_8))
            .toList());
  }

  private List<RedisClientInfo> clients() {
    List<RedisClientInfo> clients =
        inspector
            .template()
            .execute(
                (RedisCallback<List<RedisClientInfo>>) connection -> serverClients(connection));
    return clients == null ? List.of() : clients;
  }

  private static List<RedisClientInfo> serverClients(RedisConnection connection) {
    return connection.serverCommands().getClientList();
  }

  @Test
  void concurrency32HoldsOneBlockingConnectionAndPrefetchesLittle() {
    pushItems(300);
    // The queue's shared connection and the inspector's exist now.
    int before = clients().size();
    AtomicInteger running = new AtomicInteger();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer(
            "c32",
            queue,
            item -> {
              running.incrementAndGet();
              release.await();
            });
    container.setConcurrency(32);
    container.setPollTimeout(Duration.ofMillis(200));
    containers.add(container);
    container.start();

    await().atMost(WAIT).until(() -> running.get() == 32);
    List<RedisClientInfo> during = clients();
    assertThat(during.size() - before)
        .as("connections added by a container at concurrency 32: %s", during)
        .isEqualTo(1);
    assertThat(container.getActiveHandlers()).isEqualTo(32);
    // Bounded prefetch: the 32 running items plus a buffer of one round trip (by default 16 per
    // worker, at most 128), no more.
    assertThat(container.getBatchSize()).isEqualTo(128);
    assertThat(inspector.listSize(keys.ackbuf())).isBetween(32L, 160L);
    assertThat(inspector.listSize(keys.queue())).isGreaterThanOrEqualTo(300 - 160);

    release.countDown();
    await().atMost(WAIT).until(() -> inspector.hashSize(keys.items()) == 0);
    assertThat(clients().size() - before).isEqualTo(1);
  }

  @Test
  void aMinMaxConcurrencyGrowsWithTheBacklogAndShrinksWhenIdle() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer(
            "minmax",
            queue,
            item -> {
              highest.accumulateAndGet(running.incrementAndGet(), Math::max);
              Thread.sleep(20);
              running.decrementAndGet();
              done.incrementAndGet();
            });
    container.setConcurrency("2-8");
    container.setWorkerIdleTimeout(Duration.ofMillis(300));
    container.setPollTimeout(Duration.ofMillis(100));
    containers.add(container);
    container.start();
    assertThat(container.getWorkers()).isEqualTo(2);
    assertThat(container.getMaxConcurrency()).isEqualTo(8);

    pushItems(400);
    await().atMost(WAIT).until(() -> container.getWorkers() == 8);
    await().atMost(WAIT).until(() -> done.get() == 400);
    assertThat(highest.get()).isEqualTo(8);
    // Idle again: the workers above the minimum end after the idle timeout.
    await().atMost(WAIT).until(() -> container.getWorkers() == 2);
    assertThat(container.getHighestConcurrentHandlers()).isEqualTo(8);

    // And grow again with the next backlog.
    pushItems(200);
    await().atMost(WAIT).until(() -> container.getWorkers() == 8);
    await().atMost(WAIT).until(() -> done.get() == 600);
  }

  @Test
  void workersRunOnTheTaskExecutorGiven() throws Exception {
    AtomicInteger threads = new AtomicInteger();
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newCachedThreadPool(
            runnable -> new Thread(runnable, "own-" + threads.incrementAndGet()));
    closeables.add(executor::shutdownNow);
    java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicInteger done = new AtomicInteger();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer(
            "own-executor",
            queue,
            item -> {
              names.add(Thread.currentThread().getName());
              done.incrementAndGet();
            });
    container.setConcurrency(3);
    container.setTaskExecutor(executor);
    container.setPollTimeout(Duration.ofMillis(100));
    containers.add(container);
    container.start();
    pushItems(50);
    await().atMost(WAIT).until(() -> done.get() == 50);
    assertThat(names).isNotEmpty().allMatch(name -> name.startsWith("own-"));
    assertThat(threads.get()).isEqualTo(3);
  }

  @Test
  void neverRunsMoreThanConcurrencyHandlersAtOnceWithABacklog() {
    pushItems(400);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer(
            "limit",
            queue,
            item -> {
              int now = running.incrementAndGet();
              highest.accumulateAndGet(now, Math::max);
              Thread.sleep(2);
              running.decrementAndGet();
              done.incrementAndGet();
            });
    container.setConcurrency(6);
    container.setPollTimeout(Duration.ofMillis(200));
    containers.add(container);
    container.start();

    await().atMost(WAIT).until(() -> done.get() == 400);
    assertThat(highest.get()).isEqualTo(6);
    assertThat(container.getHighestConcurrentHandlers()).isEqualTo(6);
    assertThat(container.getWorkers()).isEqualTo(6);
    await().atMost(WAIT).until(() -> inspector.hashSize(keys.items()) == 0);
  }
}

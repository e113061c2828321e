package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisTestExtension.class)
class AutocleanIntegrationTests {

  private final RedisTestServer redis;

  private static RedisInspector inspector;

  AutocleanIntegrationTests(RedisTestServer redis) {
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

  @Test
  void unackedItemIsRequeuedAfterOneToTwoIntervalsAndAckedOneNever() throws Exception {
    Duration interval = Duration.ofSeconds(1);
    String name = QueueTestSupport.uniqueName("autoclean");
    try (SafeRedisQueue crashed = QueueTestSupport.queue(redis, name, interval);
        SafeRedisQueue survivor = QueueTestSupport.queue(redis, name, interval)) {
      String lost = crashed.push("lost");
      String done = crashed.push("done");
      long poppedAt = System.nanoTime();
      assertThat(crashed.tryPop().orElseThrow().uid()).isEqualTo(lost);
      assertThat(crashed.tryPop().orElseThrow().uid()).isEqualTo(done);
      crashed.ack(done);
      // "crashed" never acks "lost"; a surviving consumer keeps popping.
      SafeRedisQueueItem again = survivor.pop(5).orElseThrow();
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - poppedAt);
      assertThat(again.uid()).isEqualTo(lost);
      assertThat(again.payloadAsString()).isEqualTo("lost");
      // One to two intervals, plus the survivor's quarter-interval check period and slack for a
      // loaded machine; never before one interval.
      assertThat(waitedMillis).isBetween(900L, 4000L);
      survivor.ack(lost);
      // The acked item never comes back, however many rotations run.
      assertThat(survivor.pop(3.5)).isEmpty();
      assertThat(survivor.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    }
  }

  @Test
  void rotationMovesGenerationsLikeThePythonLibraryAndAlwaysSetsALockTtl() {
    String name = QueueTestSupport.uniqueName("rotation");
    try (SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url()).name(name).disableAutoclean().build()) {
      SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
      String a = queue.push("a");
      queue.tryPop();
      // No backup yet: ackbuf becomes backup, the lock is set with a TTL.
      assertThat(queue.admin().rotate(Duration.ofSeconds(30))).isZero();
      assertThat(inspector.list(keys.backup())).containsExactly(a);
      assertThat(inspector.list(keys.ackbuf())).isEmpty();
      long ttl = inspector.ttlMillis(keys.backupLock());
      assertThat(ttl).isBetween(1L, 30_000L);
      assertThat(inspector.string(keys.backupLock())).isEqualTo("1");
      // Lock held: nothing happens.
      assertThat(queue.admin().rotate(Duration.ofSeconds(30))).isEqualTo(-1);
      String b = queue.push("b");
      queue.tryPop();
      inspector.delete(keys.backupLock());
      // Backup present: its uids go back to the queue, ackbuf becomes the new backup.
      assertThat(queue.admin().rotate(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(inspector.list(keys.queue())).containsExactly(a);
      assertThat(inspector.list(keys.backup())).containsExactly(b);
      assertThat(inspector.ttlMillis(keys.backupLock())).isPositive();
      // Disabled autoclean: the no-argument attempt does nothing.
      assertThat(queue.admin().autoclean()).isEqualTo(-1);
    }
  }

  @Test
  void manyThreadsRotatingAtOnceNeitherDuplicateNorLoseItems() throws Exception {
    String name = QueueTestSupport.uniqueName("rotate-race");
    int threads = 8;
    int items = 400;
    try (SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url()).name(name).disableAutoclean().build()) {
      Set<String> pushed = new HashSet<>();
      for (int i = 0; i < items; i++) {
        pushed.add(queue.push("item-" + i));
      }
      // Everything is in flight and never acked: only rotations can bring items back.
      assertThat(queue.popAvailable(items)).hasSize(items);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        for (int round = 0; round < 3; round++) {
          CyclicBarrier start = new CyclicBarrier(threads);
          List<Future<Long>> results = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            results.add(
                pool.submit(
                    () -> {
                      start.await();
                      // An interval far longer than a round: the lock lets exactly one through,
                      // however the threads are scheduled on a busy machine.
                      return queue.admin().rotate(Duration.ofMinutes(5));
                    }));
          }
          int ran = 0;
          for (Future<Long> result : results) {
            if (result.get(10, TimeUnit.SECONDS) >= 0) {
              ran++;
            }
          }
          assertThat(ran).as("rotations that ran in round %d", round).isEqualTo(1);
          // The interval is over: what the lock's expiry does, at once.
          assertThat(inspector.delete(SafeRedisQueueKeys.forName(name).backupLock())).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
      List<String> delivered = new ArrayList<>();
      SafeRedisQueueItem item;
      while ((item = queue.tryPop().orElse(null)) != null) {
        delivered.add(item.uid());
        queue.ack(item.uid());
      }
      assertThat(delivered).doesNotHaveDuplicates();
      assertThat(new HashSet<>(delivered)).isEqualTo(pushed);
      assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    }
  }

  @Test
  void concurrentConsumersRunningAutocleanKeepEveryItemExactlyOnceWhenAllAreAcked() {
    String name = QueueTestSupport.uniqueName("autoclean-busy");
    try (SafeRedisQueue queue = QueueTestSupport.queue(redis, name, Duration.ofMillis(50))) {
      for (int i = 0; i < 200; i++) {
        queue.push("x" + i);
      }
      Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread worker =
            new Thread(
                () -> {
                  SafeRedisQueueItem next;
                  while ((next = queue.pop(0.5).orElse(null)) != null) {
                    seen.add(next.uid());
                    queue.ack(next.uid());
                  }
                });
        worker.start();
        workers.add(worker);
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> workers.stream().noneMatch(Thread::isAlive));
      assertThat(seen).hasSize(200);
      assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    }
  }
}

package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The work the core and the durable benchmarks measure on one queue: a total shared by threads that
 * start together, and the loops they run (single pushes, a window of asynchronous pushes, the
 * push-pop-ack cycle).
 */
final class QueueWork {

  /** What one thread does with its share of the messages. */
  interface Work {
    void run(SafeRedisQueue queue, int count) throws Exception;
  }

  private QueueWork() {}

  /** Runs the work on this many threads, started at once, sharing {@code total} messages. */
  static void runThreads(SafeRedisQueue queue, int threads, int total, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int share = total / threads + (t < total % threads ? 1 : 0);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  work.run(queue, share);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One push at a time. */
  static Work pushes(byte[] payload) {
    return (queue, count) -> {
      for (int i = 0; i < count; i++) {
        queue.push(payload);
      }
    };
  }

  /** pushAsync with up to 256 pushes in flight. */
  static Work asyncPushes(byte[] payload) {
    return (queue, count) -> {
      WindowedPushes pushes = new WindowedPushes(256);
      for (int i = 0; i < count; i++) {
        pushes.push(queue, payload);
      }
      pushes.awaitAll();
    };
  }

  /** Push, pop and ack, one call each. */
  static Work cycles(byte[] payload) {
    return (queue, count) -> {
      for (int i = 0; i < count; i++) {
        queue.push(payload);
        SafeRedisQueueItem item = queue.pop(1).orElseThrow();
        queue.ack(item.uid());
      }
    };
  }
}

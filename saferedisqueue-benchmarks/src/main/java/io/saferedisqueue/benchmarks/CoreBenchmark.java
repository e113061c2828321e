package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The core queue without Spring Boot: push rate, {@code pushAll} and {@code pushAsync} rates and
 * the push-pop-ack cycle rate with 1 and 8 threads, and Redis commands per message from {@code INFO
 * commandstats}.
 */
final class CoreBenchmark {

  private final String url;
  private final int n;
  private final byte[] payload;

  CoreBenchmark(String url, int n, int size) {
    this.url = url;
    this.n = n;
    this.payload = new byte[size];
    Arrays.fill(payload, (byte) 'x');
  }

  void run() throws Exception {
    for (int threads : new int[] {1, 8}) {
      measure("push", threads, this::pushOnly);
      measure("cycle", threads, this::cycle);
    }
    measure("pushAll", 1, this::pushAllBatches);
    measure("pushAsync", 1, this::pushAsyncWindow);
    for (int threads : new int[] {1, 8}) {
      measure("batchCycle", threads, this::batchCycle);
    }
  }

  private interface Work {
    void run(SafeRedisQueue queue, int count) throws Exception;
  }

  private void measure(String what, int threads, Work work) throws Exception {
    String name = "bench-" + UUID.randomUUID();
    try (SafeRedisQueue queue = SafeRedisQueue.builder(url).name(name).build();
        RedisStats stats = new RedisStats(url);
        QueueCleanup cleanup = new QueueCleanup(url)) {
      runThreads(queue, threads, Math.max(threads, n / 10), work);
      cleanup.deleteKeys(name);
      long callsBefore = stats.totalCalls();
      long clientCallsBefore = stats.clientCalls();
      long start = System.nanoTime();
      runThreads(queue, threads, n, work);
      double seconds = (System.nanoTime() - start) / 1e9;
      long calls = stats.totalCalls() - callsBefore;
      long clientCalls = stats.clientCalls() - clientCallsBefore;
      System.out.printf(
          Locale.ROOT,
          "core %s threads=%d n=%d size=%d rate=%.0f msg/s client_cmds_per_msg=%.2f"
              + " redis_cmds_per_msg=%.2f%n",
          what,
          threads,
          n,
          payload.length,
          n / seconds,
          (double) clientCalls / n,
          (double) calls / n);
      cleanup.deleteKeys(name);
    }
  }

  private static void runThreads(SafeRedisQueue queue, int threads, int total, Work work)
      throws Exception {
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

  private void pushOnly(SafeRedisQueue queue, int count) {
    for (int i = 0; i < count; i++) {
      queue.push(payload);
    }
  }

  /** pushAsync with up to 256 pushes in flight. */
  private void pushAsyncWindow(SafeRedisQueue queue, int count) throws InterruptedException {
    WindowedPushes pushes = new WindowedPushes(256);
    for (int i = 0; i < count; i++) {
      pushes.push(queue, payload);
    }
    pushes.awaitAll();
  }

  private void cycle(SafeRedisQueue queue, int count) {
    for (int i = 0; i < count; i++) {
      queue.push(payload);
      SafeRedisQueueItem item = queue.pop(1).orElseThrow();
      queue.ack(item.uid());
    }
  }

  /** Push, pop and ack in batches of 100: pushAll, popAvailable, ackAll. */
  private void batchCycle(SafeRedisQueue queue, int count) {
    int batch = 100;
    List<byte[]> payloads = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      payloads.add(payload);
    }
    for (int done = 0; done < count; done += batch) {
      int size = Math.min(batch, count - done);
      queue.pushAll(payloads.subList(0, size));
      int acked = 0;
      while (acked < size) {
        List<SafeRedisQueueItem> items = queue.popAvailable(size - acked);
        queue.ackAll(items.stream().map(SafeRedisQueueItem::uid).toList());
        acked += items.size();
      }
    }
  }

  private void pushAllBatches(SafeRedisQueue queue, int count) {
    int batch = 1000;
    List<byte[]> payloads = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      payloads.add(payload);
    }
    for (int done = 0; done < count; done += batch) {
      queue.pushAll(done + batch <= count ? payloads : payloads.subList(0, count - done));
    }
  }
}

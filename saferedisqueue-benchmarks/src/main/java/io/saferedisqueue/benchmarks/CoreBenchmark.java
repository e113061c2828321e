package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

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
      measure("push", threads, QueueWork.pushes(payload));
      measure("cycle", threads, QueueWork.cycles(payload));
    }
    measure("pushAll", 1, this::pushAllBatches);
    measure("pushAsync", 1, QueueWork.asyncPushes(payload));
    for (int threads : new int[] {1, 8}) {
      measure("batchCycle", threads, this::batchCycle);
    }
  }

  private void measure(String what, int threads, QueueWork.Work work) throws Exception {
    String name = "bench-" + UUID.randomUUID();
    try (SafeRedisQueue queue = SafeRedisQueue.builder(url).name(name).build();
        RedisStats stats = new RedisStats(url);
        QueueCleanup cleanup = new QueueCleanup(url)) {
      QueueWork.runThreads(queue, threads, Math.max(threads, n / 10), work);
      cleanup.deleteKeys(name);
      long callsBefore = stats.totalCalls();
      long clientCallsBefore = stats.clientCalls();
      long start = System.nanoTime();
      QueueWork.runThreads(queue, threads, n, work);
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

package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * How the queue scales: the drain rate of a queue prefilled to 1k, 100k and 1M items (8 consumer
 * threads taking batches of 16 and acking each batch), and the cost of one ack with 10 and 10,000
 * items in flight (acked oldest first, the usual case, and newest first, the worst case for the
 * scan from the old end).
 */
final class ScalingBenchmark {

  private final String url;
  private final byte[] payload;

  ScalingBenchmark(String url, int size) {
    this.url = url;
    this.payload = new byte[size];
    Arrays.fill(payload, (byte) 'x');
  }

  void run() throws Exception {
    for (int depth : new int[] {1_000, 100_000, 1_000_000}) {
      drain(depth);
    }
    for (int inFlight : new int[] {10, 10_000}) {
      ackCost(inFlight, false);
      ackCost(inFlight, true);
    }
  }

  private SafeRedisQueue queue() {
    return SafeRedisQueue.builder(url).name("bench-s-" + UUID.randomUUID()).build();
  }

  private void prefill(SafeRedisQueue queue, int depth) {
    List<byte[]> batch = Collections.nCopies(1000, payload);
    for (int done = 0; done < depth; done += 1000) {
      queue.pushAll(batch.subList(0, Math.min(1000, depth - done)));
    }
  }

  private void drain(int depth) throws Exception {
    try (SafeRedisQueue queue = queue()) {
      prefill(queue, depth);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      long start = System.nanoTime();
      List<Future<?>> consumers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        consumers.add(
            pool.submit(
                () -> {
                  List<SafeRedisQueueItem> items;
                  while (!(items = queue.popAvailable(16)).isEmpty()) {
                    queue.ackAll(items.stream().map(SafeRedisQueueItem::uid).toList());
                  }
                  return null;
                }));
      }
      for (Future<?> consumer : consumers) {
        consumer.get(30, TimeUnit.MINUTES);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      System.out.printf(
          Locale.ROOT, "scaling drain depth=%d rate=%.0f msg/s%n", depth, depth / seconds);
      QueueCleanup.deleteKeys(queue);
    }
  }

  private void ackCost(int inFlight, boolean newestFirst) {
    try (SafeRedisQueue queue = queue()) {
      prefill(queue, inFlight);
      List<SafeRedisQueueItem> taken = queue.popAvailable(inFlight);
      List<String> uids = new ArrayList<>(taken.stream().map(SafeRedisQueueItem::uid).toList());
      if (newestFirst) {
        Collections.reverse(uids);
      }
      int measured = Math.min(uids.size(), 1000);
      long start = System.nanoTime();
      for (int i = 0; i < measured; i++) {
        queue.ack(uids.get(i));
      }
      double micros = (System.nanoTime() - start) / 1e3 / measured;
      System.out.printf(
          Locale.ROOT,
          "scaling ack in_flight=%d order=%s us_per_ack=%.1f%n",
          inFlight,
          newestFirst ? "newest-first" : "oldest-first",
          micros);
      QueueCleanup.deleteKeys(queue);
    }
  }
}

package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the queue scales, through the core queue (8 consumer threads taking batches of 16 with {@code
 * popAvailable} and acking each batch with {@code ackAll}):
 *
 * <ul>
 *   <li>Drain rate by depth: the queue is filled to 1k, 100k or 1M items and 100,000 items are
 *       drained and timed (at 1k, a hundred rounds of fill-then-drain, timing only the drains; at
 *       1M, the first 100,000 of the million, so the depth stays between 900k and 1M). The whole
 *       series runs {@code repeat} times (default 5) after a discarded warm-up; the median and
 *       every run are printed.
 *   <li>Ack cost by number in flight: with exactly 10 or 10,000 items popped and not acked, 2,000
 *       single {@code ack} calls are timed one by one (each followed, untimed, by a pop that keeps
 *       the number in flight), acking the oldest item (the usual case, where the scan from the old
 *       end of {@code ackbuf} stops at once) or the newest (the worst case: it scans them all).
 * </ul>
 */
final class ScalingBenchmark {

  private static final int MEASURED = 100_000;
  private static final int CONSUMERS = 8;
  private static final int BATCH = 16;
  private static final int ACKS = 2_000;

  private final String url;
  private final byte[] payload;
  private final int repeat;

  ScalingBenchmark(String url, int size, int repeat) {
    this.url = url;
    this.payload = new byte[size];
    this.repeat = repeat;
    Arrays.fill(payload, (byte) 'x');
  }

  void run() throws Exception {
    int[] depths = {1_000, 100_000, 1_000_000};
    double[][] rates = new double[depths.length][repeat];
    ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS);
    try {
      // Discarded rounds warm the JIT and the connections.
      drainRate(pool, 1_000);
      drainRate(pool, 100_000);
      for (int r = 0; r < repeat; r++) {
        for (int d = 0; d < depths.length; d++) {
          rates[d][r] = drainRate(pool, depths[d]);
          System.out.printf(
              Locale.ROOT,
              "run %d: drain depth=%d rate=%.0f msg/s%n",
              r + 1,
              depths[d],
              rates[d][r]);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    for (int d = 0; d < depths.length; d++) {
      double[] sorted = rates[d].clone();
      Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "scaling drain depth=%d median=%.0f msg/s runs=%s%n",
          depths[d],
          sorted[sorted.length / 2],
          Arrays.toString(Arrays.stream(rates[d]).mapToLong(Math::round).toArray()));
    }
    for (int inFlight : new int[] {10, 10_000}) {
      ackCost(inFlight, false);
      ackCost(inFlight, true);
    }
  }

  /**
   * A queue without autoclean: a rotation would move the items in flight from {@code ackbuf} to
   * {@code backup} in the middle of a measurement.
   */
  private SafeRedisQueue queue() {
    return SafeRedisQueue.builder(url)
        .name("bench-s-" + UUID.randomUUID())
        .disableAutoclean()
        .build();
  }

  private void fill(SafeRedisQueue queue, int count) {
    List<byte[]> batch = Collections.nCopies(1000, payload);
    for (int done = 0; done < count; done += 1000) {
      queue.pushAll(batch.subList(0, Math.min(1000, count - done)));
    }
  }

  /** Drains {@value #MEASURED} items from a queue filled to {@code depth}; returns msg/s. */
  private double drainRate(ExecutorService pool, int depth) throws Exception {
    int perRound = Math.min(depth, MEASURED);
    int rounds = (MEASURED + perRound - 1) / perRound;
    long nanos = 0;
    try (SafeRedisQueue queue = queue()) {
      for (int round = 0; round < rounds; round++) {
        fill(queue, depth - (int) queue.sizes().waiting());
        nanos += drainTimed(pool, queue, perRound);
      }
      QueueCleanup.deleteKeys(queue);
    }
    return (double) perRound * rounds / (nanos / 1e9);
  }

  /** Takes and acks {@code count} items with the consumer threads; returns the nanoseconds. */
  private static long drainTimed(ExecutorService pool, SafeRedisQueue queue, int count)
      throws Exception {
    AtomicInteger budget = new AtomicInteger(count);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> consumers = new ArrayList<>();
    for (int t = 0; t < CONSUMERS; t++) {
      consumers.add(
          pool.submit(
              () -> {
                go.await();
                int before;
                while ((before = budget.getAndAdd(-BATCH)) > 0) {
                  List<SafeRedisQueueItem> items = queue.popAvailable(Math.min(BATCH, before));
                  if (items.isEmpty()) {
                    throw new IllegalStateException("the queue ran empty before its budget");
                  }
                  queue.ackAll(items.stream().map(SafeRedisQueueItem::uid).toList());
                }
                return null;
              }));
    }
    long start = System.nanoTime();
    go.countDown();
    for (Future<?> consumer : consumers) {
      consumer.get(30, TimeUnit.MINUTES);
    }
    return System.nanoTime() - start;
  }

  private void ackCost(int inFlight, boolean newestFirst) {
    try (SafeRedisQueue queue = queue()) {
      fill(queue, inFlight + ACKS);
      Deque<String> taken = new ArrayDeque<>();
      for (SafeRedisQueueItem item : queue.popAvailable(inFlight)) {
        taken.addLast(item.uid());
      }
      long[] nanos = new long[ACKS];
      for (int i = 0; i < ACKS; i++) {
        String uid = newestFirst ? taken.pollLast() : taken.pollFirst();
        long start = System.nanoTime();
        boolean acked = queue.ack(uid);
        nanos[i] = System.nanoTime() - start;
        if (!acked) {
          throw new IllegalStateException("ack of an item in flight returned false: " + uid);
        }
        taken.addLast(queue.tryPop().orElseThrow().uid());
      }
      if (queue.sizes().ackbuf() != inFlight) {
        throw new IllegalStateException("the number in flight changed during the measurement");
      }
      Arrays.sort(nanos);
      System.out.printf(
          Locale.ROOT,
          "scaling ack in_flight=%d order=%s p50_us=%.1f mean_us=%.1f%n",
          inFlight,
          newestFirst ? "newest-first" : "oldest-first",
          nanos[ACKS / 2] / 1e3,
          Arrays.stream(nanos).average().orElse(0) / 1e3);
      QueueCleanup.deleteKeys(queue);
    }
  }
}

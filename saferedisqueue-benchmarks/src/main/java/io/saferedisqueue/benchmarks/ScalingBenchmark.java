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
 *   <li>Drain rate by depth: three queues are filled to 1k, 100k and 1M items. In turn, over and
 *       over ({@code samples} times each, default 200), each queue is topped up to its depth
 *       (untimed) and 1,000 of its items are drained and timed, so every sample pays the same start
 *       and finish of the consumer threads and only the depth differs (the 1k queue is drained to
 *       empty each time, the others stay within 0.1% and 1% of their depth); taking turns spreads
 *       the machine's own ups and downs over all depths alike. The rate of a depth is its items
 *       drained divided by its timed seconds.
 *   <li>Ack cost by number in flight: with exactly 10 or 10,000 items popped and not acked, 2,000
 *       single {@code ack} calls are timed one by one (each followed, untimed, by a pop that keeps
 *       the number in flight), acking the oldest item (the usual case, where the scan from the old
 *       end of {@code ackbuf} stops at once) or the newest (the worst case: it scans them all).
 * </ul>
 */
final class ScalingBenchmark {

  private static final int[] DEPTHS = {1_000, 100_000, 1_000_000};
  private static final int SAMPLE = 1_000;
  private static final int CONSUMERS = 8;
  private static final int BATCH = 16;
  private static final int ACKS = 2_000;

  private final String url;
  private final byte[] payload;
  private final int samples;

  ScalingBenchmark(String url, int size, int samples) {
    this.url = url;
    this.payload = new byte[size];
    this.samples = samples;
    Arrays.fill(payload, (byte) 'x');
  }

  void run() throws Exception {
    try (QueueCleanup cleanup = new QueueCleanup(url)) {
      drainByDepth(cleanup);
      for (int inFlight : new int[] {10, 10_000}) {
        ackCost(cleanup, inFlight, false);
        ackCost(cleanup, inFlight, true);
      }
    }
  }

  private void drainByDepth(QueueCleanup cleanup) throws Exception {
    List<SafeRedisQueue> queues = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS);
    try {
      for (int depth : DEPTHS) {
        SafeRedisQueue queue = queue();
        queues.add(queue);
        fill(queue, depth);
      }
      // Discarded turns warm the JIT and the connections.
      for (int turn = 0; turn < 20; turn++) {
        for (int d = 0; d < DEPTHS.length; d++) {
          sample(pool, queues.get(d), DEPTHS[d]);
        }
      }
      long[] nanos = new long[DEPTHS.length];
      for (int turn = 0; turn < samples; turn++) {
        for (int i = 0; i < DEPTHS.length; i++) {
          // Rotate which depth goes first, so none always follows the same one.
          int d = (turn + i) % DEPTHS.length;
          nanos[d] += sample(pool, queues.get(d), DEPTHS[d]);
        }
      }
      double slowest = Double.MAX_VALUE;
      double fastest = 0;
      for (int d = 0; d < DEPTHS.length; d++) {
        double rate = (double) SAMPLE * samples / (nanos[d] / 1e9);
        slowest = Math.min(slowest, rate);
        fastest = Math.max(fastest, rate);
        System.out.printf(
            Locale.ROOT,
            "scaling drain depth=%d rate=%.0f msg/s (%d samples of %d items)%n",
            DEPTHS[d],
            rate,
            samples,
            SAMPLE);
      }
      System.out.printf(
          Locale.ROOT,
          "scaling drain spread: fastest depth is %.1f%% above the slowest%n",
          (fastest / slowest - 1) * 100);
    } finally {
      pool.shutdownNow();
      for (SafeRedisQueue queue : queues) {
        cleanup.deleteKeys(queue.name());
        queue.close();
      }
    }
  }

  /** Tops the queue up to {@code depth}, then drains {@value #SAMPLE} items; returns the nanos. */
  private long sample(ExecutorService pool, SafeRedisQueue queue, int depth) throws Exception {
    fill(queue, depth - (int) queue.admin().sizes().waiting());
    return drainTimed(pool, queue, SAMPLE);
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

  private void ackCost(QueueCleanup cleanup, int inFlight, boolean newestFirst) {
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
      if (queue.admin().sizes().ackbuf() != inFlight) {
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
      cleanup.deleteKeys(queue.name());
    }
  }
}

package io.saferedisqueue.benchmarks;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Workload W(N, size, C, P) through the starter, the path users run: P producer threads push N
 * messages of {@code size} bytes into one queue; a {@code @SafeQueueListener} with concurrency C
 * acks on return. Measures produce-only, drain and mixed rates, push-to-handler latency in the
 * mixed phase, Redis commands and bytes per message, and heap after GC; a discarded warm-up round
 * of 10% of N comes first.
 */
final class WorkloadBenchmark {

  static final String QUEUE_PROPERTY = "benchmark.queue";
  static final String LISTENER_ID = "benchmark";

  private final String url;
  private final int n;
  private final int size;
  private final int consumers;
  private final int producers;

  private final boolean latencyOnly;
  private final PushMode pushMode;
  private final int window;
  private final int rate;

  /** How each producer thread pushes. */
  enum PushMode {
    /** {@code pushAsync}, keeping up to {@code window} pushes of the thread in flight. */
    ASYNC,
    /** {@code push}: one push at a time, each waiting for its reply. */
    SYNC;

    static PushMode parse(String text) {
      for (PushMode mode : values()) {
        if (mode.name().equalsIgnoreCase(text)) {
          return mode;
        }
      }
      throw new IllegalArgumentException(
          "--push=" + text + " is not allowed: expected async or sync");
    }
  }

  WorkloadBenchmark(
      String url,
      int n,
      int size,
      int consumers,
      int producers,
      PushMode pushMode,
      int window,
      int rate,
      boolean latencyOnly) {
    this.rate = rate;
    this.url = url;
    this.pushMode = pushMode;
    this.window = window;
    this.latencyOnly = latencyOnly;
    this.n = n;
    this.size = Math.max(size, 8);
    this.consumers = consumers;
    this.producers = producers;
  }

  void run() throws Exception {
    String queueName = "bench-w-" + Long.toHexString(System.nanoTime());
    SpringApplication application = new SpringApplication(BenchmarkApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setLogStartupInfo(false);
    try (ConfigurableApplicationContext context =
            application.run(
                "--saferedisqueue.url=" + url,
                "--" + QUEUE_PROPERTY + "=" + queueName,
                "--benchmark.concurrency=" + consumers,
                "--saferedisqueue.listener.auto-startup=false",
                "--spring.main.banner-mode=off");
        RedisStats stats = new RedisStats(url);
        QueueCleanup cleanup = new QueueCleanup(url)) {
      SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
      SafeQueueListenerEndpointRegistry registry =
          context.getBean(SafeQueueListenerEndpointRegistry.class);
      Handler handler = context.getBean(Handler.class);
      if (latencyOnly) {
        latency(queue, registry, handler);
        cleanup.deleteKeys(queueName);
        return;
      }

      Round warmUp = round(queue, registry, handler, stats, Math.max(1, n / 10));
      Round measured = round(queue, registry, handler, stats, n);
      System.out.printf(
          Locale.ROOT,
          "warm-up: produce=%.0f drain=%.0f mixed=%.0f%n",
          warmUp.produce,
          warmUp.drain,
          warmUp.mixed);
      System.out.printf(
          Locale.ROOT,
          "producers: push=%s%s%n",
          pushMode.name().toLowerCase(Locale.ROOT),
          pushMode == PushMode.ASYNC ? " window=" + window + " per producer thread" : "");
      System.out.printf(
          Locale.ROOT,
          "detail: p99.9_ms=%.2f client_cmds_per_msg=%.2f redis_cmds_per_msg=%.2f"
              + " redis_bytes_per_item=%.0f heap_after_gc_mb=%.1f%n",
          measured.p999,
          measured.clientCommandsPerMessage,
          measured.commandsPerMessage,
          measured.bytesPerItem,
          heapAfterGcMb());
      System.out.printf(
          Locale.ROOT,
          "saferedisqueue W(N=%d,size=%d,C=%d,P=%d) produce=%.0f drain=%.0f mixed=%.0f"
              + " p50_ms=%.2f p99_ms=%.2f%n",
          n,
          size,
          consumers,
          producers,
          measured.produce,
          measured.drain,
          measured.mixed,
          measured.p50,
          measured.p99);
      registry.stop(LISTENER_ID);
      cleanup.deleteKeys(queueName);
    }
  }

  private record Round(
      double produce,
      double drain,
      double mixed,
      double p50,
      double p99,
      double p999,
      double commandsPerMessage,
      double clientCommandsPerMessage,
      double bytesPerItem) {}

  private Round round(
      SafeRedisQueue queue,
      SafeQueueListenerEndpointRegistry registry,
      Handler handler,
      RedisStats stats,
      int count)
      throws Exception {
    // Produce only, listener stopped.
    long memoryBefore = stats.usedMemory();
    double produce = count / produce(queue, count, false);
    long memoryAfter = stats.usedMemory();
    double bytesPerItem = (double) (memoryAfter - memoryBefore) / count;

    // Drain the prefilled queue.
    handler.reset(count, false);
    long start = System.nanoTime();
    registry.start(LISTENER_ID);
    handler.await();
    double drain = count / ((System.nanoTime() - start) / 1e9);

    // Mixed: producers and consumers at once, latency recorded.
    handler.reset(count, true);
    long calls = stats.totalCalls();
    long clientCalls = stats.clientCalls();
    start = System.nanoTime();
    produce(queue, count, true);
    handler.await();
    double mixed = count / ((System.nanoTime() - start) / 1e9);
    double commandsPerMessage = (double) (stats.totalCalls() - calls) / count;
    double clientCommandsPerMessage = (double) (stats.clientCalls() - clientCalls) / count;
    registry.stop(LISTENER_ID);
    long[] latencies = handler.latencies();
    Arrays.sort(latencies);
    return new Round(
        produce,
        drain,
        mixed,
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        percentile(latencies, 0.999),
        commandsPerMessage,
        clientCommandsPerMessage,
        bytesPerItem);
  }

  /**
   * Latency at a steady offered load of {@code rate} msg/s for 10 s (one producer thread, paced),
   * then the pick-up of single pushes into an idle queue (200 pushes, 20 ms apart).
   */
  private void latency(
      SafeRedisQueue queue, SafeQueueListenerEndpointRegistry registry, Handler handler)
      throws Exception {
    registry.start(LISTENER_ID);
    byte[] payload = new byte[size];
    // Warm-up at the same rate, discarded.
    paced(queue, handler, payload, 2 * rate, rate);
    long[] steady = paced(queue, handler, payload, 10 * rate, rate);
    long[] idle = paced(queue, handler, payload, 200, 50);
    registry.stop(LISTENER_ID);
    System.out.printf(
        Locale.ROOT,
        "saferedisqueue latency push=%s steady_rate=%d p50_ms=%.2f p99_ms=%.2f p99.9_ms=%.2f"
            + " idle_pickup_p50_ms=%.2f idle_pickup_p99_ms=%.2f%n",
        pushMode.name().toLowerCase(Locale.ROOT),
        rate,
        percentile(steady, 0.50),
        percentile(steady, 0.99),
        percentile(steady, 0.999),
        percentile(idle, 0.50),
        percentile(idle, 0.99));
  }

  /**
   * Pushes {@code count} messages at {@code rate} per second (catching up, never bursting ahead,
   * when the thread falls behind); returns sorted latencies.
   */
  private long[] paced(SafeRedisQueue queue, Handler handler, byte[] template, int count, int rate)
      throws Exception {
    handler.reset(count, true);
    long interval = 1_000_000_000L / rate;
    long next = System.nanoTime();
    CompletableFuture<?> last = CompletableFuture.completedFuture(null);
    for (int i = 0; i < count; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      byte[] message = template.clone();
      ByteBuffer.wrap(message).putLong(System.nanoTime());
      if (pushMode == PushMode.SYNC) {
        queue.push(message);
      } else {
        last = queue.pushAsync(message);
      }
      next += interval;
    }
    last.get(1, TimeUnit.MINUTES);
    handler.await();
    long[] latencies = handler.latencies();
    Arrays.sort(latencies);
    return latencies;
  }

  /** Pushes {@code count} messages from P threads; returns the seconds it took. */
  private double produce(SafeRedisQueue queue, int count, boolean stamp) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(producers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int share = count / producers + (p < count % producers ? 1 : 0);
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  byte[] payload = new byte[size];
                  Arrays.fill(payload, (byte) 'x');
                  WindowedPushes pushes = new WindowedPushes(window);
                  for (int i = 0; i < share; i++) {
                    byte[] message = payload.clone();
                    ByteBuffer.wrap(message).putLong(stamp ? System.nanoTime() : 0L);
                    if (pushMode == PushMode.SYNC) {
                      queue.push(message);
                    } else {
                      pushes.push(queue, message);
                    }
                  }
                  pushes.awaitAll();
                  return null;
                }));
      }
      long start = System.nanoTime();
      go.countDown();
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.MINUTES);
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  private static double percentile(long[] sorted, double fraction) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static double heapAfterGcMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }

  /** The benchmark's Boot application: the starter plus one listener. */
  @SpringBootApplication
  static class BenchmarkApplication {}

  /** Acks on return; counts and records push-to-handler latency. */
  @Component
  static class Handler {
    private final AtomicInteger received = new AtomicInteger();
    private volatile CountDownLatch done = new CountDownLatch(0);
    private volatile long[] latencies = new long[0];
    private volatile boolean record;

    void reset(int expected, boolean recordLatency) {
      received.set(0);
      latencies = new long[expected];
      record = recordLatency;
      done = new CountDownLatch(expected);
    }

    void await() throws InterruptedException {
      if (!done.await(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException("messages did not all arrive");
      }
    }

    long[] latencies() {
      int count = Math.min(received.get(), latencies.length);
      return record ? Arrays.copyOf(latencies, count) : new long[0];
    }

    @SafeQueueListener(
        id = LISTENER_ID,
        queue = "${" + QUEUE_PROPERTY + "}",
        concurrency = "${benchmark.concurrency}")
    void handle(byte[] payload) {
      int index = received.getAndIncrement();
      if (record && index < latencies.length) {
        latencies[index] = System.nanoTime() - ByteBuffer.wrap(payload).getLong();
      }
      done.countDown();
    }
  }
}

package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.localredis.RedisInspector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Many listeners in one process: L queues on one shared connection factory, each consumed by a
 * container at concurrency C, N messages spread evenly and pushed with {@code pushAsync}. Prints
 * the drain rate (msg/s from the first push to the last handler) and the Redis connections of the
 * process while all containers run, from {@code INFO clients} before and during the run: the engine
 * holds one shared connection plus one blocking connection per container, so about L + 1 (+1 for
 * this benchmark's own inspector, which is not counted).
 */
final class ListenersBenchmark {

  private final String url;
  private final int listeners;
  private final int concurrency;
  private final int n;
  private final int size;
  private final boolean virtualThreads;

  ListenersBenchmark(
      String url, int listeners, int concurrency, int n, int size, boolean virtualThreads) {
    this.url = url;
    this.listeners = listeners;
    this.concurrency = concurrency;
    this.n = n;
    this.size = size;
    this.virtualThreads = virtualThreads;
  }

  void run() throws Exception {
    java.net.URI uri = java.net.URI.create(url);
    RedisStandaloneConfiguration configuration =
        new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
    LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
    factory.afterPropertiesSet();
    factory.start();
    try (RedisInspector inspector = RedisInspector.connect(url)) {
      long before = connectedClients(inspector);
      String run = UUID.randomUUID().toString().substring(0, 6);
      List<SafeRedisQueue> queues = new ArrayList<>();
      List<SafeQueueListenerContainer> containers = new ArrayList<>();
      AtomicLong handled = new AtomicLong();
      for (int i = 0; i < listeners; i++) {
        SafeRedisQueue queue = SafeRedisQueue.builder(factory).name("lb-" + run + "-" + i).build();
        queues.add(queue);
        SafeQueueListenerContainer container =
            new SafeQueueListenerContainer("lb-" + i, queue, item -> handled.incrementAndGet());
        container.setConcurrency(concurrency);
        container.setPollTimeout(Duration.ofMillis(500));
        container.setVirtualThreads(virtualThreads);
        containers.add(container);
      }
      containers.forEach(SafeQueueListenerContainer::start);
      byte[] payload = new byte[size];
      long start = System.nanoTime();
      long peakClients = 0;
      List<CompletableFuture<String>> inFlight = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        inFlight.add(queues.get(i % listeners).pushAsync(payload));
        if (inFlight.size() >= 256) {
          CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
          inFlight.clear();
        }
      }
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
      while (handled.get() < n) {
        peakClients = Math.max(peakClients, connectedClients(inspector));
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      peakClients = Math.max(peakClients, connectedClients(inspector));
      containers.forEach(SafeQueueListenerContainer::stop);
      queues.forEach(SafeRedisQueue::close);
      System.out.printf(
          "listeners L=%d C=%d N=%d size=%d threads=%s Java %s: %.0f msg/s (%.2f s); Redis"
              + " connections of the process: %d (L + %d)%n",
          listeners,
          concurrency,
          n,
          size,
          virtualThreads && Runtime.version().feature() >= 21 ? "virtual" : "platform",
          Runtime.version().feature(),
          n / seconds,
          seconds,
          peakClients - before,
          peakClients - before - listeners);
    } finally {
      factory.destroy();
    }
  }

  private static long connectedClients(RedisInspector inspector) {
    return Long.parseLong(inspector.info("clients").getProperty("connected_clients").trim());
  }
}

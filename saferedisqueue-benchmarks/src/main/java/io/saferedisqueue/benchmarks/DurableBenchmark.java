package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The cost of durable writes: on a primary with one replica, both started here as local
 * redis-server processes, the push rate (1 and 8 threads), the {@code pushAsync} rate and the
 * push-pop-ack cycle rate (1 and 8 threads) of a queue with {@code durableReplicas} 0 (off) and the
 * given number, side by side in each of {@code rounds} rounds, then the median of each.
 */
final class DurableBenchmark {

  private final int n;
  private final byte[] payload;
  private final int rounds;
  private final int replicas;

  DurableBenchmark(int n, int size, int rounds, int replicas) {
    this.n = n;
    this.payload = new byte[size];
    Arrays.fill(payload, (byte) 'x');
    this.rounds = rounds;
    this.replicas = replicas;
  }

  private record Case(String what, int threads, QueueWork.Work work) {}

  void run() throws Exception {
    List<Case> cases =
        List.of(
            new Case("push", 1, QueueWork.pushes(payload)),
            new Case("push", 8, QueueWork.pushes(payload)),
            new Case("pushAsync", 1, QueueWork.asyncPushes(payload)),
            new Case("cycle", 1, QueueWork.cycles(payload)),
            new Case("cycle", 8, QueueWork.cycles(payload)));
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    try (LocalRedisServer primary = LocalRedisServer.builder().build().start()) {
      List<LocalRedisServer> replicaServers = new ArrayList<>();
      try {
        for (int i = 0; i < replicas; i++) {
          replicaServers.add(
              LocalRedisServer.builder()
                  .args("--replicaof", primary.host(), String.valueOf(primary.port()))
                  .build()
                  .start());
        }
        awaitReplicas(primary, replicas);
        for (int round = 1; round <= rounds; round++) {
          for (Case c : cases) {
            for (int durable : new int[] {0, replicas}) {
              double rate = measure(primary.url(), durable, c);
              String key = c.what() + " threads=" + c.threads() + " durable-replicas=" + durable;
              rates.computeIfAbsent(key, k -> new ArrayList<>()).add(rate);
              System.out.printf(
                  Locale.ROOT, "durable round=%d %s n=%d rate=%.0f msg/s%n", round, key, n, rate);
            }
          }
        }
      } finally {
        replicaServers.forEach(LocalRedisServer::close);
      }
    }
    System.out.println("durable medians over " + rounds + " round(s), size=" + payload.length);
    rates.forEach(
        (key, values) ->
            System.out.printf(
                Locale.ROOT, "durable median %s rate=%.0f msg/s%n", key, median(values)));
  }

  private static void awaitReplicas(LocalRedisServer primary, int replicas)
      throws InterruptedException {
    try (RedisInspector inspector = RedisInspector.connect(primary.url())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!String.valueOf(replicas)
          .equals(inspector.info("replication").getProperty("connected_slaves"))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(replicas + " replica(s) did not connect within 30s");
        }
        Thread.sleep(50);
      }
    }
  }

  private double measure(String url, int durable, Case c) throws Exception {
    String name = "bench-durable-" + UUID.randomUUID();
    try (SafeRedisQueue queue =
            SafeRedisQueue.builder(url)
                .name(name)
                .durableReplicas(durable)
                .durableTimeout(Duration.ofSeconds(5))
                .build();
        QueueCleanup cleanup = new QueueCleanup(url)) {
      QueueWork.runThreads(queue, c.threads(), Math.max(c.threads(), n / 10), c.work());
      cleanup.deleteKeys(name);
      long start = System.nanoTime();
      QueueWork.runThreads(queue, c.threads(), n, c.work());
      double seconds = (System.nanoTime() - start) / 1e9;
      cleanup.deleteKeys(name);
      return n / seconds;
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}

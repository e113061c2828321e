package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.shard.SafeRedisQueueShardNames;
import io.saferedisqueue.core.shard.SafeRedisQueueShards;
import io.saferedisqueue.localredis.LocalRedisCluster;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Where the load of a queue goes: the same work (P producer threads with {@code pushAsync}, C
 * consumer threads taking batches of 16 and acking each batch) on one Redis node and on a Redis
 * Cluster of three primaries, both started here as local processes. Scenarios: one queue on one
 * node; one queue with three shards on one node; one queue on the cluster (all of it on one node);
 * three queues on the cluster, one per node; one queue with three shards on the cluster (named so
 * that the shards sit on three different nodes). For each, the rate and every node's Redis CPU time
 * per message ({@code used_cpu_sys + used_cpu_user} of {@code INFO cpu}, before and after, divided
 * by the messages). All nodes share this machine's cores, so the rate cannot grow with the nodes;
 * the CPU columns show how the work spreads (an idle node's own housekeeping, a few hundred
 * microseconds per second, counts too). After one warm-up round, each scenario runs {@code runs}
 * times; the medians are printed last.
 */
final class ClusterBenchmark {

  private static final int BATCH = 16;
  private static final int WINDOW = 64;
  private static final int PRODUCERS = 3;
  private static final int CONSUMERS = 6;

  private final int messages;
  private final byte[] payload;
  private final int runs;

  ClusterBenchmark(int messages, int size, int runs) {
    this.messages = messages;
    this.payload = new byte[size];
    this.runs = runs;
    Arrays.fill(payload, (byte) 'x');
  }

  /** A queue, several queues or a sharded queue, seen as lanes to push to and take from. */
  private interface Target extends AutoCloseable {
    CompletableFuture<String> pushAsync(byte[] payload);

    /** Takes up to {@code max} items, trying the lanes from {@code start}; acks them. */
    int takeAndAck(int start, int max);

    List<String> queueNames();

    @Override
    void close();
  }

  private record Lanes(List<SafeRedisQueue> queues, AtomicInteger next) implements Target {
    @Override
    public CompletableFuture<String> pushAsync(byte[] payload) {
      return queues.get(Math.floorMod(next.getAndIncrement(), queues.size())).pushAsync(payload);
    }

    @Override
    public int takeAndAck(int start, int max) {
      for (int i = 0; i < queues.size(); i++) {
        SafeRedisQueue queue = queues.get(Math.floorMod(start + i, queues.size()));
        List<SafeRedisQueueItem> items = queue.popAvailable(max);
        if (!items.isEmpty()) {
          return queue.ackAll(items.stream().map(SafeRedisQueueItem::uid).toList());
        }
      }
      return 0;
    }

    @Override
    public List<String> queueNames() {
      return queues.stream().map(SafeRedisQueue::name).toList();
    }

    @Override
    public void close() {
      queues.forEach(SafeRedisQueue::close);
    }
  }

  private record Sharded(SafeRedisQueueShards shards) implements Target {
    @Override
    public CompletableFuture<String> pushAsync(byte[] payload) {
      return shards.pushAsync(payload);
    }

    @Override
    public int takeAndAck(int start, int max) {
      List<SafeRedisQueueItem> items = shards.popAvailable(max);
      return items.isEmpty() ? 0 : shards.ackItems(items);
    }

    @Override
    public List<String> queueNames() {
      return shards.parts().stream().map(SafeRedisQueue::name).toList();
    }

    @Override
    public void close() {
      shards.close();
    }
  }

  /** One scenario's figures of one run. */
  private record Result(double rate, Map<Integer, Double> cpuMicrosPerMessage) {
    double totalCpu() {
      return cpuMicrosPerMessage.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  void run() throws Exception {
    try (LocalRedisServer single = LocalRedisServer.startDefault();
        LocalRedisCluster cluster =
            LocalRedisCluster.builder().primaries(3).replicasPerPrimary(0).build().start()) {
      LettuceConnectionFactory singleFactory = connect(single);
      LettuceConnectionFactory clusterFactory = connectCluster(cluster);
      try {
        List<LocalRedisServer> singleNodes = List.of(single);
        List<LocalRedisServer> clusterNodes = cluster.nodes();
        List<String> perNode = queuesOnDistinctNodes(cluster);
        String shardedName = shardedNameOnDistinctNodes(cluster);
        System.out.printf(
            Locale.ROOT,
            "cluster setup: one node at port %d; cluster primaries at ports %s; three queues %s;"
                + " sharded queue %s (shards %s)%n",
            single.port(),
            clusterNodes.stream().map(LocalRedisServer::port).toList(),
            perNode,
            shardedName,
            owners(cluster, SafeRedisQueueShardNames.shardNames(shardedName, 3)));
        Map<String, List<Result>> results = new LinkedHashMap<>();
        // Run 0 warms up the JIT and the connections and is not counted.
        for (int run = 0; run <= runs; run++) {
          measure(
              results,
              run,
              "one-node 1 queue",
              singleNodes,
              () -> lanes(singleFactory, List.of("{bench-one}")));
          measure(
              results,
              run,
              "one-node 3 shards",
              singleNodes,
              () ->
                  new Sharded(
                      SafeRedisQueue.builder(singleFactory)
                          .name("bench-one")
                          .disableAutoclean()
                          .buildShards(3)));
          measure(
              results,
              run,
              "cluster 1 queue",
              clusterNodes,
              () -> lanes(clusterFactory, List.of(perNode.get(0))));
          measure(
              results, run, "cluster 3 queues", clusterNodes, () -> lanes(clusterFactory, perNode));
          measure(
              results,
              run,
              "cluster 3 shards",
              clusterNodes,
              () ->
                  new Sharded(
                      SafeRedisQueue.builder(clusterFactory)
                          .name(shardedName)
                          .disableAutoclean()
                          .buildShards(3)));
        }
        System.out.printf(
            Locale.ROOT,
            "cluster medians of %d runs (%d messages of %d bytes, %d producers, %d consumers):%n",
            runs,
            messages,
            payload.length,
            PRODUCERS,
            CONSUMERS);
        for (Map.Entry<String, List<Result>> entry : results.entrySet()) {
          List<Result> all = entry.getValue();
          StringBuilder perNodeCpu = new StringBuilder();
          for (Integer port : all.get(0).cpuMicrosPerMessage().keySet()) {
            perNodeCpu.append(
                String.format(
                    Locale.ROOT,
                    " %d=%.1f",
                    port,
                    median(
                        all.stream()
                            .mapToDouble(r -> r.cpuMicrosPerMessage().get(port))
                            .toArray())));
          }
          System.out.printf(
              Locale.ROOT,
              "cluster median scenario=\"%s\" rate=%.0f msg/s cpu_us_per_msg:%s total=%.1f%n",
              entry.getKey(),
              median(all.stream().mapToDouble(Result::rate).toArray()),
              perNodeCpu,
              median(all.stream().mapToDouble(Result::totalCpu).toArray()));
        }
      } finally {
        singleFactory.destroy();
        clusterFactory.destroy();
      }
    }
  }

  private static Lanes lanes(RedisConnectionFactory factory, List<String> names) {
    List<SafeRedisQueue> queues = new ArrayList<>();
    for (String name : names) {
      queues.add(SafeRedisQueue.builder(factory).name(name).disableAutoclean().build());
    }
    return new Lanes(queues, new AtomicInteger());
  }

  private interface TargetSupplier {
    Target get();
  }

  private void measure(
      Map<String, List<Result>> results,
      int run,
      String scenario,
      List<LocalRedisServer> nodes,
      TargetSupplier supplier)
      throws Exception {
    try (Target target = supplier.get()) {
      Map<Integer, Double> before = cpu(nodes);
      long start = System.nanoTime();
      work(target);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<Integer, Double> after = cpu(nodes);
      Map<Integer, Double> perMessage = new LinkedHashMap<>();
      for (LocalRedisServer node : nodes) {
        perMessage.put(
            node.port(), (after.get(node.port()) - before.get(node.port())) * 1e6 / messages);
      }
      Result result = new Result(messages / seconds, perMessage);
      if (run > 0) {
        results.computeIfAbsent(scenario, s -> new ArrayList<>()).add(result);
      }
      StringBuilder cpu = new StringBuilder();
      perMessage.forEach(
          (port, micros) -> cpu.append(String.format(Locale.ROOT, " %d=%.1f", port, micros)));
      System.out.printf(
          Locale.ROOT,
          "cluster run=%s scenario=\"%s\" queues=%s rate=%.0f msg/s cpu_us_per_msg:%s total=%.1f%n",
          run == 0 ? "warm-up" : Integer.toString(run),
          scenario,
          target.queueNames(),
          result.rate(),
          cpu,
          result.totalCpu());
      // Every item was acked, so the queues' keys are gone again for the next scenario.
    }
  }

  /** Producers and consumers at once until every message is acked. */
  private void work(Target target) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + CONSUMERS);
    try {
      AtomicInteger toPush = new AtomicInteger(messages);
      AtomicInteger acked = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> tasks = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        tasks.add(
            pool.submit(
                () -> {
                  go.await();
                  Semaphore window = new Semaphore(WINDOW);
                  while (toPush.getAndDecrement() > 0) {
                    window.acquire();
                    target
                        .pushAsync(payload)
                        .whenComplete(
                            (uid, error) -> {
                              if (error != null) {
                                failure.compareAndSet(null, error);
                              }
                              window.release();
                            });
                  }
                  window.acquire(WINDOW);
                  return null;
                }));
      }
      for (int c = 0; c < CONSUMERS; c++) {
        int lane = c;
        tasks.add(
            pool.submit(
                () -> {
                  go.await();
                  while (acked.get() < messages && failure.get() == null) {
                    int done = target.takeAndAck(lane, BATCH);
                    if (done == 0) {
                      Thread.sleep(1);
                    }
                    acked.addAndGet(done);
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> task : tasks) {
        task.get(30, TimeUnit.MINUTES);
      }
      if (failure.get() != null) {
        throw new IllegalStateException("a push failed: " + failure.get(), failure.get());
      }
      if (acked.get() != messages) {
        throw new IllegalStateException("acked " + acked.get() + " of " + messages);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<Integer, Double> cpu(List<LocalRedisServer> nodes) {
    Map<Integer, Double> seconds = new LinkedHashMap<>();
    for (LocalRedisServer node : nodes) {
      try (RedisStats stats = new RedisStats(node.url())) {
        seconds.put(node.port(), stats.cpuSeconds());
      }
    }
    return seconds;
  }

  /** Three hash-tagged queue names whose slots are on three different nodes. */
  private static List<String> queuesOnDistinctNodes(LocalRedisCluster cluster) {
    List<String> names = new ArrayList<>();
    Set<Integer> used = new HashSet<>();
    for (int i = 0; names.size() < 3 && i < 10_000; i++) {
      String name = "{bench-q" + i + "}";
      if (used.add(owner(cluster, name))) {
        names.add(name);
      }
    }
    return names;
  }

  /** A logical name whose three shards sit on three different nodes. */
  private static String shardedNameOnDistinctNodes(LocalRedisCluster cluster) {
    for (int i = 0; i < 10_000; i++) {
      String name = "bench" + i;
      if (Set.copyOf(owners(cluster, SafeRedisQueueShardNames.shardNames(name, 3))).size() == 3) {
        return name;
      }
    }
    throw new IllegalStateException("no name with three shards on three nodes");
  }

  private static List<Integer> owners(LocalRedisCluster cluster, List<String> names) {
    return names.stream().map(name -> owner(cluster, name)).toList();
  }

  private static int owner(LocalRedisCluster cluster, String queueName) {
    return cluster.primaryOwning(SafeRedisQueueKeys.forName(queueName).queue()).port();
  }

  private static LettuceConnectionFactory connect(LocalRedisServer node) {
    LettuceConnectionFactory factory =
        new LettuceConnectionFactory(
            new org.springframework.data.redis.connection.RedisStandaloneConfiguration(
                node.host(), node.port()));
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }

  private static LettuceConnectionFactory connectCluster(LocalRedisCluster cluster) {
    RedisClusterConfiguration configuration = new RedisClusterConfiguration();
    cluster.nodes().forEach(node -> configuration.clusterNode(node.host(), node.port()));
    LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}

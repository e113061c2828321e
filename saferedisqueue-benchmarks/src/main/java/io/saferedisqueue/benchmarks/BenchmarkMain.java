package io.saferedisqueue.benchmarks;

import io.saferedisqueue.localredis.LocalRedisServer;

/**
 * Runs a benchmark: {@code java -jar saferedisqueue-benchmarks.jar
 * [--mode=workload|latency|scaling|listeners|capacity|cluster|core|jmh]
 * [--redis-url=redis://127.0.0.1:6379/0] [--n=100000] [--size=100] [--c=8] [--p=4]
 * [--push=async|sync] [--window=64]}. {@code --redis-url=local} starts a private redis-server on a
 * free port for the run.
 *
 * <ul>
 *   <li>{@code workload} (default): W(N, size, C, P) through the starter and a listener; each
 *       producer thread keeps up to {@code window} {@code pushAsync} calls in flight, or with
 *       {@code --push=sync} makes one {@code push} at a time.
 *   <li>{@code latency}: push-to-handler latency at a steady {@code --rate} (default 1,000 msg/s;
 *       one producer thread, {@code push}, or {@code pushAsync} with {@code --push=async} for rates
 *       one thread cannot reach one round trip at a time) and pick-up in an idle queue.
 *   <li>{@code scaling}: drain rate by queue depth, ack cost by number in flight.
 *   <li>{@code listeners}: {@code --listeners} queues (default 50), each with a container at
 *       concurrency {@code --c} (default 16): drain rate and the process's Redis connections;
 *       {@code --threads=virtual} runs the workers on virtual threads (Java 21+).
 *   <li>{@code capacity}: the longest command Redis runs for rotations, dead-letter requeues and
 *       deletes, promotions, header pruning and acks with {@code --n} (default 1,000,000) items in
 *       one structure, from {@code SLOWLOG}; use {@code --redis-url=local}.
 *   <li>{@code cluster}: one queue, three queues and a queue of three shards on a local Redis
 *       Cluster of three primaries against one local node: rate and each node's Redis CPU time per
 *       message; starts its own servers (ignores {@code --redis-url}).
 *   <li>{@code core}: the core queue's push, cycle and batch rates with 1 and 8 threads.
 *   <li>{@code durable}: push, pushAsync and push-pop-ack rates with durable writes off and on
 *       ({@code --durable-replicas}, default 1) against a primary and replica(s) started locally,
 *       side by side for {@code --rounds} rounds (default 3), then the medians.
 *   <li>{@code jmh}: JMH micro-benchmarks of single calls.
 * </ul>
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  /** JMH in this JVM (forks 0), so it runs from the executable jar as it is. */
  private static void runJmh(String url) throws Exception {
    System.setProperty(QueueMicroBenchmarks.URL_PROPERTY, url);
    new org.openjdk.jmh.runner.Runner(
            new org.openjdk.jmh.runner.options.OptionsBuilder()
                .include(QueueMicroBenchmarks.class.getName())
                .forks(0)
                .warmupIterations(2)
                .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .measurementIterations(3)
                .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(3))
                .build())
        .run();
  }

  /** Entry point; exits non-zero with a one-line message on bad options. */
  public static void main(String[] args) throws Exception {
    if (BenchmarkOptions.wantsHelp(args)) {
      System.out.print(BenchmarkOptions.USAGE);
      return;
    }
    BenchmarkOptions options;
    WorkloadBenchmark.PushMode pushMode;
    try {
      options = new BenchmarkOptions(args);
      String defaultPush = options.string("mode", "workload").equals("latency") ? "sync" : "async";
      pushMode = WorkloadBenchmark.PushMode.parse(options.string("push", defaultPush));
    } catch (IllegalArgumentException ex) {
      System.err.println("saferedisqueue-benchmarks: " + ex.getMessage());
      System.err.print(BenchmarkOptions.USAGE);
      System.exit(2);
      return;
    }

    String url = options.string("redis-url", "redis://127.0.0.1:6379/0");
    LocalRedisServer local = null;
    if (url.equals("local")) {
      local = LocalRedisServer.startDefault();
      url = local.url();
    }
    try {
      String mode = options.string("mode", "workload");
      switch (mode) {
        case "jmh" -> runJmh(url);
        case "scaling" ->
            new ScalingBenchmark(
                    url, options.positiveInt("size", 100), options.positiveInt("samples", 200))
                .run();
        case "workload" ->
            new WorkloadBenchmark(
                    url,
                    options.positiveInt("n", 100_000),
                    options.positiveInt("size", 100),
                    options.positiveInt("c", 8),
                    options.positiveInt("p", 4),
                    pushMode,
                    options.positiveInt("window", 64),
                    0,
                    false)
                .run();
        case "latency" ->
            new WorkloadBenchmark(
                    url,
                    0,
                    options.positiveInt("size", 100),
                    options.positiveInt("c", 8),
                    1,
                    pushMode,
                    1,
                    options.positiveInt("rate", 1_000),
                    true)
                .run();
        case "listeners" ->
            new ListenersBenchmark(
                    url,
                    options.positiveInt("listeners", 50),
                    options.positiveInt("c", 16),
                    options.positiveInt("n", 100_000),
                    options.positiveInt("size", 100),
                    options.string("threads", "platform").equals("virtual"))
                .run();
        case "capacity" ->
            new CapacityBenchmark(
                    url, options.positiveInt("n", 1_000_000), options.positiveInt("size", 100))
                .run();
        case "durable" ->
            new DurableBenchmark(
                    options.positiveInt("n", 20_000),
                    options.positiveInt("size", 100),
                    options.positiveInt("rounds", 3),
                    options.positiveInt("durable-replicas", 1))
                .run();
        case "cluster" ->
            new ClusterBenchmark(
                    options.positiveInt("n", 30_000),
                    options.positiveInt("size", 100),
                    options.positiveInt("runs", 3))
                .run();
        case "core" ->
            new CoreBenchmark(
                    url, options.positiveInt("n", 100_000), options.positiveInt("size", 100))
                .run();
        default -> {
          System.err.println(
              "saferedisqueue-benchmarks: --mode="
                  + mode
                  + " is not allowed: expected workload, latency, scaling, listeners, capacity,"
                  + " cluster, core, durable, jmh");
          System.exit(2);
        }
      }
    } finally {
      if (local != null) {
        local.close();
      }
    }
    System.exit(0);
  }
}

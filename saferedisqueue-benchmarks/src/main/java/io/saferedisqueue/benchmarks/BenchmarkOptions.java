package io.saferedisqueue.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code --key=value} options of the benchmark jar, with clear errors for bad values. */
final class BenchmarkOptions {

  /** What {@code --help} prints: the modes and every option with its default. */
  static final String USAGE =
      """
      Usage: java -jar saferedisqueue-benchmarks.jar [--option=value ...]

      Modes (--mode=...):
        workload  (default) W(N, size, C, P) through the starter: P producer threads, a listener
                  at concurrency C; produce, drain and mixed rates, push-to-handler latency
        latency   push-to-handler latency at a steady --rate, then idle pick-up
        scaling   drain rate by queue depth (1k, 100k, 1M) and ack cost by number in flight
        capacity  the longest command Redis runs for rotations, dead-letter requeue and delete,
                  promotions and header pruning with --n items in one structure (SLOWLOG)
        listeners --listeners queues, each with a container at concurrency --c (16): drain rate
                  and the process's Redis connections (INFO clients)
        cluster   one queue, three queues and one queue of three shards on a local three-primary
                  Redis Cluster against one local node: rate and each node's Redis CPU time
                  per message (INFO cpu); starts its own servers, --redis-url is not used
        core      the core queue's push, cycle and batch rates with 1 and 8 threads
        durable   push, pushAsync and push-pop-ack rates with durable writes off and on, on a
                  primary with --durable-replicas replica(s) started locally (--redis-url is
                  ignored), side by side for --rounds rounds, then the medians
        jmh       JMH micro-benchmarks of single calls

      Options (default):
        --redis-url=redis://127.0.0.1:6379/0   or --redis-url=local: a private redis-server
        --n=100000        messages (workload, core; durable: 20000; cluster: 30000 per scenario and run)
        --size=100        payload bytes
        --c=8             listener concurrency (workload, latency)
        --p=4             producer threads (workload)
        --push=async      async (pushAsync, up to --window in flight per thread) or sync (push);
                          latency mode defaults to sync
        --window=64       async pushes in flight per producer thread
        --rate=1000       messages per second (latency)
        --listeners=50    queues with one container each (listeners)
        --threads=platform  workers on platform or virtual threads (listeners; virtual: Java 21+)
        --samples=200     timed samples per depth (scaling)
        --runs=3          runs of every scenario, medians printed last (cluster)
        --durable-replicas=1  replicas started and waited for (durable)
        --rounds=3        rounds of off/on measurements (durable)
        --help            print this text

      Example:
        java -jar saferedisqueue-benchmarks.jar --mode=workload --redis-url=local --n=100000
      """;

  private final Map<String, String> values = new HashMap<>();

  /** Whether the arguments ask for the usage. */
  static boolean wantsHelp(String[] args) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  BenchmarkOptions(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException(
            "Unexpected argument '"
                + arg
                + "': options are --name=value, e.g. --n=100000 (--help lists them)");
      }
      int eq = arg.indexOf('=');
      values.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
  }

  String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  int positiveInt(String name, int defaultValue) {
    String text = values.get(name);
    if (text == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text.replace("_", ""));
      if (value < 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(
          "--" + name + "=" + text + " is not allowed: expected a whole number >= 1");
    }
  }
}

package io.saferedisqueue.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashMap;
import java.util.Map;

/** Reads {@code INFO commandstats} and {@code INFO memory} of the benchmarked server. */
final class RedisStats implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  RedisStats(String url) {
    this.client = RedisClient.create(url.replaceFirst("^unix://", "redis-socket://"));
    this.connection = client.connect();
  }

  /** Calls of every command, including those that scripts run inside Redis. */
  long totalCalls() {
    return commandCalls().values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Commands that clients sent: scripts (EVALSHA, EVAL) and blocking moves. Redis counts a script's
   * inner commands under their own names, so those are left out here.
   */
  long clientCalls() {
    Map<String, Long> calls = commandCalls();
    return calls.getOrDefault("evalsha", 0L)
        + calls.getOrDefault("eval", 0L)
        + calls.getOrDefault("blmove", 0L)
        + calls.getOrDefault("brpoplpush", 0L);
  }

  Map<String, Long> commandCalls() {
    Map<String, Long> calls = new HashMap<>();
    for (String line : connection.sync().info("commandstats").split("\r?\n")) {
      // cmdstat_evalsha:calls=12,usec=...
      if (line.startsWith("cmdstat_")) {
        String command = line.substring("cmdstat_".length(), line.indexOf(':'));
        int start = line.indexOf("calls=") + "calls=".length();
        int end = line.indexOf(',', start);
        calls.put(command, Long.parseLong(line.substring(start, end)));
      }
    }
    // INFO itself and the benchmark's own reads are not queue traffic.
    calls.remove("info");
    return calls;
  }

  long usedMemory() {
    for (String line : connection.sync().info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("INFO memory has no used_memory line");
  }

  /** CPU time Redis has used so far: {@code used_cpu_sys + used_cpu_user} of {@code INFO cpu}. */
  double cpuSeconds() {
    double seconds = 0;
    int found = 0;
    for (String line : connection.sync().info("cpu").split("\r?\n")) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
        found++;
      }
    }
    if (found != 2) {
      throw new IllegalStateException("INFO cpu has no used_cpu_sys and used_cpu_user lines");
    }
    return seconds;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}

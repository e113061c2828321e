package io.saferedisqueue.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * How long the library blocks Redis with big backlogs: each operation runs once on a fresh queue
 * holding {@code n} items (default 1,000,000) in one structure, and the longest command the library
 * sent for it is read from {@code SLOWLOG}, which logs every command of at least {@value
 * #SLOWLOG_MICROS} microseconds during the operation (the commands that scripts run inside Redis
 * are left out: the script's own entry covers them; logging every one of them would slow the
 * scripts down), with the 99th percentile and the number of commands of 10 ms or more. The mean
 * time per script comes from {@code INFO commandstats}. On a machine whose cores are busy with
 * other work, Redis is sometimes descheduled in the middle of a script: that shows as a few long
 * entries however short the script's work (compare the percentile). The structures are filled
 * directly, by scripts of this benchmark that are left out of the measurement.
 *
 * <ul>
 *   <li>{@code rotate}: {@code n} uids in {@code backup}; {@code admin().rotate(60s)}.
 *   <li>{@code requeue-all} and {@code delete-all}: {@code n} dead letters; {@code
 *       deadLetters().requeueAll()}, {@code deadLetters().deleteAll()}.
 *   <li>{@code promote}: {@code n} delayed items, all due; 2,000 {@code tryPop()} calls, each of
 *       which moves due items into the queue.
 *   <li>{@code prune}: {@code n} headers entries whose items are gone; 1,000 {@code
 *       admin().pruneHeaders(1000)} calls.
 *   <li>{@code ack-old-end} and {@code ack-young-end}: {@code n} uids in {@code backup}; 200 acks
 *       of the uid at the end where {@code LREM} starts (found at once) or at the other end (the
 *       whole list is scanned: the cost the Python layout gives ack, fail and renew).
 *   <li>{@code payload-256KB} and {@code payload-1MB} (the default maximum payload size): an empty
 *       queue; 5 rounds of push, pop and ack of one payload of that size (what a big payload costs
 *       Redis in the push and pop scripts).
 * </ul>
 *
 * <p>It uses only the queue's public API, so the same class measures older versions of the library.
 * Run it against a server of its own ({@code --redis-url=local}): it changes the slowlog settings
 * of the server.
 */
final class CapacityBenchmark {

  private static final int FILL_CHUNK = 10_000;

  private static final int SLOWLOG_MICROS = 100;

  /** How {@code SLOWLOG} names the client of the commands that scripts run. */
  private static final String SCRIPT_CLIENT = "?:0";

  /** Fills one structure; KEYS and ARGV as in {@link #fill}. */
  private static final String FILL =
      """
      local kind, first, count, payload = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
      for i = first, first + count - 1 do
        local uid = string.format('%08x-0000-4000-8000-%012x', tonumber(ARGV[5]), i)
        if kind == 'backup' then
          redis.call('RPUSH', KEYS[1], uid)
          redis.call('HSET', KEYS[2], uid, payload)
        elseif kind == 'dead' then
          redis.call('ZADD', KEYS[1], i, uid)
          redis.call('HSET', KEYS[2], uid, payload)
          redis.call('HSET', KEYS[3], uid, '1\\n' .. i .. '\\nbenchmark')
        elseif kind == 'delayed' then
          redis.call('ZADD', KEYS[1], i, uid)
          redis.call('HSET', KEYS[2], uid, payload)
        elseif kind == 'headers' then
          redis.call('HSET', KEYS[1], uid, 't=' .. i)
        end
      end
      return count
      """;

  private final String url;
  private final int n;
  private final String payload;
  private int run;

  CapacityBenchmark(String url, int n, int size) {
    this.url = url;
    this.n = n;
    this.payload = "x".repeat(size);
  }

  void run() {
    RedisClient client = RedisClient.create(url.replaceFirst("^unix://", "redis-socket://"));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      redis.configSet("slowlog-max-len", "100000");
      measure(redis, "rotate", "backup", 1, queue -> queue.admin().rotate(Duration.ofSeconds(60)));
      measure(redis, "requeue-all", "dead", 1, queue -> queue.deadLetters().requeueAll());
      measure(redis, "delete-all", "dead", 1, queue -> queue.deadLetters().deleteAll());
      measure(redis, "promote", "delayed", 2_000, SafeRedisQueue::tryPop);
      measure(redis, "prune", "headers", 1_000, queue -> queue.admin().pruneHeaders(1000));
      measure(redis, "ack-old-end", "backup", 200, queue -> ackEnd(redis, queue, true));
      measure(redis, "ack-young-end", "backup", 200, queue -> ackEnd(redis, queue, false));
      for (int kilobytes : new int[] {256, 1024}) {
        byte[] big = new byte[kilobytes * 1024];
        String size = kilobytes < 1024 ? kilobytes + "KB" : kilobytes / 1024 + "MB";
        measure(redis, "payload-" + size, "nothing", 5, queue -> pushPopAck(queue, big));
      }
      redis.configSet("slowlog-log-slower-than", "10000");
    } finally {
      client.shutdown();
    }
  }

  private void measure(
      RedisCommands<String, String> redis,
      String operation,
      String structure,
      int repeats,
      Consumer<SafeRedisQueue> action) {
    String name = "bench-c-" + UUID.randomUUID();
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue queue = SafeRedisQueue.builder(url).name(name).disableAutoclean().build()) {
      fill(redis, keys, structure);
      queue.admin().sizes(); // connects, outside the measurement
      redis.configSet("slowlog-log-slower-than", Integer.toString(SLOWLOG_MICROS));
      redis.slowlogReset();
      redis.configResetstat();
      long start = System.nanoTime();
      for (int i = 0; i < repeats; i++) {
        action.accept(queue);
      }
      long wallMicros = (System.nanoTime() - start) / 1000;
      redis.configSet("slowlog-log-slower-than", "-1");
      CommandStats stats = CommandStats.read(redis);
      report(redis, operation, structure, repeats, wallMicros, stats);
    } finally {
      redis.unlink(allKeys(keys).toArray(String[]::new));
    }
  }

  private static void pushPopAck(SafeRedisQueue queue, byte[] payload) {
    queue.push(payload);
    if (!queue.ack(queue.tryPop().orElseThrow().uid())) {
      throw new IllegalStateException("the big item was not in flight");
    }
  }

  /** Acks the uid at one end of {@code backup}, so that the next call finds the next one. */
  private static void ackEnd(
      RedisCommands<String, String> redis, SafeRedisQueue queue, boolean oldEnd) {
    redis.configSet("slowlog-log-slower-than", "-1");
    String backup = SafeRedisQueueKeys.forName(queue.name()).backup();
    String uid = redis.lindex(backup, oldEnd ? -1 : 0);
    redis.configSet("slowlog-log-slower-than", Integer.toString(SLOWLOG_MICROS));
    if (uid == null || !queue.ack(uid)) {
      throw new IllegalStateException("the uid at the end of backup was not in flight: " + uid);
    }
  }

  private void fill(RedisCommands<String, String> redis, SafeRedisQueueKeys keys, String kind) {
    String[] fillKeys =
        switch (kind) {
          case "backup" -> new String[] {keys.backup(), keys.items()};
          case "dead" -> new String[] {keys.dead(), keys.deadItems(), keys.deadInfo()};
          case "delayed" -> new String[] {keys.delayed(), keys.items()};
          case "headers" -> new String[] {keys.headers()};
          case "nothing" -> new String[0];
          default -> throw new IllegalArgumentException(kind);
        };
    run++;
    if (fillKeys.length == 0) {
      return;
    }
    for (int first = 1; first <= n; first += FILL_CHUNK) {
      int count = Math.min(FILL_CHUNK, n - first + 1);
      redis.eval(
          FILL,
          ScriptOutputType.INTEGER,
          fillKeys,
          kind,
          Integer.toString(first),
          Integer.toString(count),
          payload,
          Integer.toString(run));
    }
  }

  private void report(
      RedisCommands<String, String> redis,
      String operation,
      String structure,
      int repeats,
      long wallMicros,
      CommandStats stats) {
    long longest = 0;
    String longestCommand = "-";
    List<Long> logged = new ArrayList<>();
    for (Object entry : redis.slowlogGet(100_000)) {
      List<?> fields = (List<?>) entry;
      long micros = ((Number) fields.get(2)).longValue();
      List<?> args = (List<?>) fields.get(3);
      String command = String.valueOf(args.get(0)).toLowerCase(Locale.ROOT);
      boolean ownCommand = List.of("slowlog", "config", "lindex").contains(command);
      if (ownCommand || SCRIPT_CLIENT.equals(String.valueOf(fields.get(4)))) {
        continue;
      }
      logged.add(micros);
      if (micros > longest) {
        longest = micros;
        longestCommand = command;
      }
    }
    // Commands below the slowlog threshold are not logged: they count as faster than it.
    logged.sort(null);
    long commands = Math.max(stats.calls, logged.size());
    int p99Index = (int) Math.ceil(commands * 0.99) - 1 - (int) (commands - logged.size());
    String p99 = p99Index < 0 ? "<" + SLOWLOG_MICROS : Long.toString(logged.get(p99Index));
    long over10ms = logged.stream().filter(micros -> micros >= 10_000).count();
    System.out.printf(
        Locale.ROOT,
        "capacity op=%s items=%d in=%s calls=%d wall_ms=%.1f scripts=%d mean_script_us=%.1f"
            + " p99_command_us=%s commands_over_10ms=%d longest_command_us=%s longest=%s%n",
        operation,
        n,
        structure,
        repeats,
        wallMicros / 1000.0,
        stats.calls,
        stats.calls == 0 ? 0.0 : (double) stats.micros / stats.calls,
        p99,
        over10ms,
        longest == 0 ? "<" + SLOWLOG_MICROS : Long.toString(longest),
        longestCommand);
  }

  /** The scripts of the operation, from {@code INFO commandstats}: how many, how long in all. */
  private record CommandStats(long calls, long micros) {
    static CommandStats read(RedisCommands<String, String> redis) {
      long calls = 0;
      long micros = 0;
      for (String line : redis.info("commandstats").split("\\r?\\n")) {
        if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
          calls += field(line, "calls=");
          micros += field(line, "usec=");
        }
      }
      return new CommandStats(calls, micros);
    }

    private static long field(String line, String name) {
      int start = line.indexOf(name) + name.length();
      int end = line.indexOf(',', start);
      return Long.parseLong(line.substring(start, end < 0 ? line.length() : end));
    }
  }

  private static List<String> allKeys(SafeRedisQueueKeys keys) {
    List<String> all = new ArrayList<>();
    all.addAll(
        List.of(
            keys.items(),
            keys.queue(),
            keys.ackbuf(),
            keys.backup(),
            keys.backupLock(),
            keys.deliveries(),
            keys.delayed(),
            keys.dead(),
            keys.deadItems(),
            keys.deadInfo(),
            keys.headers(),
            keys.extra("headerscursor")));
    return all;
  }
}

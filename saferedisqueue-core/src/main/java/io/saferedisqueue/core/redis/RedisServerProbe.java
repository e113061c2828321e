package io.saferedisqueue.core.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.saferedisqueue.core.SafeRedisQueueServerInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

/**
 * Reads a {@link SafeRedisQueueServerInfo} on one connection: {@code INFO} for the version and the
 * memory figures, {@code CONFIG GET maxmemory-policy} for the policy, falling back to {@code INFO
 * memory}'s {@code maxmemory_policy} where {@code CONFIG} is renamed away (managed Redis) or not
 * allowed by an ACL. Where {@code INFO} is not allowed either, a one-line script with a flags line
 * tells whether the server understands script flags. A refused command counts as "unknown"; a
 * connection failure goes to the caller.
 *
 * <p>On a cluster connection Spring Data Redis answers with every node's values, each key prefixed
 * by the node ({@code host:port.redis_version}); the lowest version and the most dangerous policy
 * win.
 */
public final class RedisServerProbe {

  private static final byte[] FLAGS_PROBE =
      "#!lua flags=no-writes\nreturn 1".getBytes(StandardCharsets.UTF_8);

  private RedisServerProbe() {}

  static SafeRedisQueueServerInfo read(RedisConnection connection) {
    Properties info = refusedAsNull(() -> connection.serverCommands().info());
    List<String> versions = values(info, "redis_version");
    String version = versions.stream().reduce(RedisServerProbe::lower).orElse(null);
    boolean scriptFlags = version != null ? major(version) >= 7 : acceptsFlags(connection);
    Properties config =
        refusedAsNull(() -> connection.serverCommands().getConfig("maxmemory-policy"));
    List<String> policies = values(config, "maxmemory-policy");
    if (policies.isEmpty()) {
      policies = values(info, "maxmemory_policy");
    }
    String policy = policies.stream().reduce(RedisServerProbe::worse).orElse(null);
    return new SafeRedisQueueServerInfo(
        version == null ? "unknown" : version,
        scriptFlags,
        policy,
        number(info, "maxmemory"),
        number(info, "used_memory"));
  }

  private static boolean acceptsFlags(RedisConnection connection) {
    Object reply =
        refusedAsNull(
            () -> connection.scriptingCommands().eval(FLAGS_PROBE, ReturnType.INTEGER, 0));
    return reply != null;
  }

  /** Runs a read; a command that Redis refused (an error reply) gives null. */
  private static <T> @Nullable T refusedAsNull(java.util.function.Supplier<@Nullable T> read) {
    try {
      return read.get();
    } catch (InvalidDataAccessApiUsageException ex) {
      return null;
    } catch (RedisSystemException ex) {
      for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
        if (cause instanceof RedisCommandExecutionException) {
          return null;
        }
      }
      throw ex;
    }
  }

  /** The values of a property, on a single server or on every node of a cluster. */
  private static List<String> values(@Nullable Properties properties, String name) {
    List<String> values = new ArrayList<>();
    if (properties != null) {
      for (String key : properties.stringPropertyNames()) {
        if (key.equals(name) || key.endsWith("." + name)) {
          values.add(properties.getProperty(key).trim());
        }
      }
    }
    return values;
  }

  /** The first value, or -1 (on a cluster, memory figures differ by node; one is shown). */
  private static long number(@Nullable Properties properties, String name) {
    for (String value : values(properties, name)) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException ex) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * The major number of a Redis version such as {@code 7.0.15}, or 0 when it does not start with a
   * number.
   */
  public static int major(String version) {
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  private static String lower(String a, String b) {
    return compare(a, b) <= 0 ? a : b;
  }

  private static int compare(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.max(left.length, right.length); i++) {
      int l = i < left.length ? major(left[i]) : 0;
      int r = i < right.length ? major(right[i]) : 0;
      if (l != r) {
        return Integer.compare(l, r);
      }
    }
    return 0;
  }

  /** An evicting policy wins over {@code noeviction}. */
  private static String worse(String a, String b) {
    return SafeRedisQueueServerInfo.NO_EVICTION.equals(a) ? b : a;
  }
}

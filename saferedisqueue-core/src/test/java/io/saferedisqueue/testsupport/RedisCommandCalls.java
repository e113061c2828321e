package io.saferedisqueue.testsupport;

import io.saferedisqueue.core.SafeRedisQueue;
import java.util.Properties;
import org.springframework.data.redis.core.RedisCallback;

/** Reads how often Redis ran a command ({@code INFO commandstats}), to bound what code costs. */
public final class RedisCommandCalls {

  private RedisCommandCalls() {}

  /** Calls of this command (lower case, e.g. {@code evalsha}) since the server started. */
  public static long calls(SafeRedisQueue queue, String command) {
    Properties stats =
        queue
            .template()
            .execute(
                (RedisCallback<Properties>)
                    connection -> connection.serverCommands().info("commandstats"));
    String line = stats == null ? null : stats.getProperty("cmdstat_" + command);
    if (line == null) {
      return 0;
    }
    for (String part : line.split(",")) {
      if (part.startsWith("calls=")) {
        return Long.parseLong(part.substring("calls=".length()));
      }
    }
    return 0;
  }

  /** Scripts run (EVALSHA and EVAL). */
  public static long scripts(SafeRedisQueue queue) {
    return calls(queue, "evalsha") + calls(queue, "eval");
  }
}

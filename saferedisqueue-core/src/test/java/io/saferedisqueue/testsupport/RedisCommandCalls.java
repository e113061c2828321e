package io.saferedisqueue.testsupport;

import io.saferedisqueue.localredis.RedisInspector;

/** Reads how often Redis ran a command ({@code INFO commandstats}), to bound what code costs. */
public final class RedisCommandCalls {

  private RedisCommandCalls() {}

  /** Calls of this command (lower case, e.g. {@code evalsha}) since the server started. */
  public static long calls(RedisInspector redis, String command) {
    return redis.commandCalls(command);
  }

  /** Scripts run (EVALSHA and EVAL). */
  public static long scripts(RedisInspector redis) {
    return calls(redis, "evalsha") + calls(redis, "eval");
  }
}

package io.saferedisqueue.core;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Where a queue's Redis is, described without credentials, and the translation of Redis errors into
 * the queue's exceptions naming that place: unreachable servers and refused credentials become
 * {@link SafeRedisQueueConnectionException}, everything else {@link SafeRedisQueueException}.
 */
final class RedisEndpoint {

  private final String description;

  RedisEndpoint(String description) {
    this.description = description;
  }

  /** The endpoint of a connection factory: url, socket, cluster nodes or sentinel master. */
  static RedisEndpoint of(RedisConnectionFactory factory) {
    return new RedisEndpoint(describe(factory));
  }

  String description() {
    return description;
  }

  SafeRedisQueueException translate(DataAccessException ex, String queueName) {
    String reason = rootMessage(ex);
    if (ex instanceof RedisConnectionFailureException || isAuthenticationProblem(reason)) {
      return new SafeRedisQueueConnectionException(
          "Cannot use Redis at " + description + " for queue '" + queueName + "': " + reason, ex);
    }
    return new SafeRedisQueueException(
        "Redis at " + description + " failed an operation of queue '" + queueName + "': " + reason,
        ex);
  }

  private static boolean isAuthenticationProblem(String reason) {
    return reason.contains("NOAUTH") || reason.contains("WRONGPASS") || reason.contains("NOPERM");
  }

  /** The distinct messages of the cause chain, outermost first. */
  static String rootMessage(Throwable ex) {
    StringBuilder message = new StringBuilder();
    Throwable current = ex;
    String last = null;
    while (current != null) {
      String text = current.getMessage();
      if (text != null && !text.equals(last) && (last == null || !last.contains(text))) {
        if (message.length() > 0) {
          message.append(": ");
        }
        message.append(text);
        last = text;
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return message.length() == 0 ? ex.getClass().getName() : message.toString();
  }

  private static String describe(RedisConnectionFactory factory) {
    if (factory instanceof LettuceConnectionFactory lettuce) {
      if (lettuce.getSocketConfiguration() != null
          && !lettuce.isRedisSentinelAware()
          && !lettuce.isClusterAware()) {
        return "unix://" + lettuce.getSocketConfiguration().getSocket();
      }
      if (lettuce.isClusterAware()) {
        return "cluster " + lettuce.getClusterConfiguration().getClusterNodes();
      }
      if (lettuce.isRedisSentinelAware()) {
        return "sentinel " + lettuce.getSentinelConfiguration().getMaster();
      }
      return (lettuce.isUseSsl() ? "rediss://" : "redis://")
          + lettuce.getHostName()
          + ":"
          + lettuce.getPort()
          + "/"
          + lettuce.getDatabase();
    }
    return factory.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return description;
  }
}

package io.saferedisqueue.core.redis;

import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import io.saferedisqueue.core.SafeRedisQueueException;
import io.saferedisqueue.core.SafeRedisQueueFullException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Where a queue's Redis is, described without credentials, and the translation of Redis errors into
 * the queue's exceptions naming that place, as {@link RedisErrors} classifies them: unreachable
 * servers and the passing states of a failover (cluster down, slot moving, replica loading or
 * read-only) become {@link SafeRedisQueueConnectionException}; refused credentials, missing ACL
 * permissions, keys in different slots and keys of the wrong type (the scripts' own check, or
 * Redis's {@code WRONGTYPE}) {@link SafeRedisQueueConfigurationException}; a command refused over
 * {@code maxmemory} {@link SafeRedisQueueFullException}; everything else {@link
 * SafeRedisQueueException}.
 */
public final class RedisEndpoint {

  /** How Redis begins the error of a command it refuses over {@code maxmemory}. */
  private static final String OUT_OF_MEMORY = "OOM command not allowed";

  /** The code of Redis's wrong-type error, which the scripts' own type checks reply with too. */
  private static final String WRONG_TYPE = "WRONGTYPE ";

  private final String description;

  /**
   * An endpoint with this description in error messages (a url or host:port, without credentials).
   */
  public RedisEndpoint(String description) {
    this.description = description;
  }

  /** The endpoint of a connection factory: url, socket, cluster nodes or sentinel master. */
  public static RedisEndpoint of(RedisConnectionFactory factory) {
    return new RedisEndpoint(describe(factory));
  }

  /** The endpoint as error messages name it. */
  public String description() {
    return description;
  }

  /**
   * The queue's exception for a Redis error.
   *
   * @param operation what was refused, such as {@code push} or {@code autoclean rotation}
   * @param maxmemoryPolicy the server's policy when known, for the message of a full Redis
   */
  SafeRedisQueueException translate(
      DataAccessException ex,
      String queueName,
      String operation,
      @Nullable String maxmemoryPolicy) {
    String reason = rootMessage(ex);
    String refusal = RedisErrors.configurationProblem(reason);
    if (refusal != null) {
      return refused(ex, queueName, operation, reason + ". " + refusal);
    }
    if (RedisErrors.isOutage(ex, reason)) {
      return new SafeRedisQueueConnectionException(
          "Cannot use Redis at " + description + " for queue '" + queueName + "': " + reason, ex);
    }
    if (reason.contains(OUT_OF_MEMORY)) {
      return new SafeRedisQueueFullException(
          "Redis at "
              + description
              + " is full (used memory over maxmemory"
              + (maxmemoryPolicy == null ? "" : ", maxmemory-policy " + maxmemoryPolicy)
              + "): the "
              + operation
              + " of queue '"
              + queueName
              + "' was refused, "
              + (operation.equals("push") ? "nothing was stored" : "nothing was changed")
              + ". Consumers free memory as they ack; or raise maxmemory.",
          ex);
    }
    int wrongType = reason.indexOf(WRONG_TYPE);
    if (wrongType >= 0) {
      return refused(
          ex,
          queueName,
          operation,
          wrongTypeDetail(reason.substring(wrongType + WRONG_TYPE.length()))
              + ". Another program seems to use the queue's keys (srq:"
              + queueName
              + ":*): move its data away or give the queue another name.");
    }
    return new SafeRedisQueueException(
        "Redis at " + description + " failed an operation of queue '" + queueName + "': " + reason,
        ex);
  }

  private SafeRedisQueueConfigurationException refused(
      DataAccessException ex, String queueName, String operation, String detail) {
    return new SafeRedisQueueConfigurationException(
        "Redis at "
            + description
            + " refused the "
            + operation
            + " of queue '"
            + queueName
            + "', nothing was changed: "
            + detail,
        ex);
  }

  /** The scripts' own message names the key; Redis's own does not. */
  private static String wrongTypeDetail(String detail) {
    int scriptSuffix = detail.indexOf(" script: ");
    String text = (scriptSuffix >= 0 ? detail.substring(0, scriptSuffix) : detail).trim();
    return text.startsWith("Operation against a key holding the wrong kind of value")
        ? "a key of the queue holds a value of another type than the queue needs"
        : text;
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

package io.saferedisqueue.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisListCommands.Direction;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The one place where a queue talks to Redis: scripts and commands through a template on the
 * connection factory (with Lettuce, one shared, pipelining connection), blocking moves on dedicated
 * connections kept for reuse, and every Redis error translated by the {@link RedisEndpoint}.
 */
final class QueueRedis {

  private static final Duration MAX_BLOCK_SLICE = Duration.ofSeconds(1);

  private final String queueName;
  private final RedisConnectionFactory connectionFactory;
  private final @Nullable LettuceConnectionFactory ownedConnectionFactory;
  private final RedisEndpoint endpoint;
  private final RedisTemplate<String, byte[]> template;
  private final Duration blockSlice;
  private final ConcurrentLinkedDeque<RedisConnection> blockingConnections =
      new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  QueueRedis(
      String queueName,
      RedisConnectionFactory connectionFactory,
      @Nullable LettuceConnectionFactory ownedConnectionFactory,
      RedisEndpoint endpoint) {
    this.queueName = queueName;
    this.connectionFactory = connectionFactory;
    this.ownedConnectionFactory = ownedConnectionFactory;
    this.endpoint = endpoint;
    this.template = createTemplate(connectionFactory);
    this.blockSlice = blockSlice(connectionFactory);
  }

  RedisEndpoint endpoint() {
    return endpoint;
  }

  /** The longest a blocking command may wait, so it returns before the client's own timeout. */
  Duration blockSlice() {
    return blockSlice;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Whether a script may touch {@code key} here and {@code otherKey} on {@code other}: the same
   * connection factory and, on a cluster, the same hash slot.
   */
  boolean sameSlot(QueueRedis other, String key, String otherKey) {
    if (connectionFactory != other.connectionFactory) {
      return false;
    }
    if (connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()) {
      return io.lettuce.core.cluster.SlotHash.getSlot(key)
          == io.lettuce.core.cluster.SlotHash.getSlot(otherKey);
    }
    return true;
  }

  /** Runs a script (EVALSHA, falling back to EVAL). */
  <T> @Nullable T script(RedisScript<T> script, List<String> keys, Object... args) {
    return execute(() -> template.execute(script, keys, args));
  }

  /** Runs commands on the template, translating Redis errors. */
  <T> T execute(Supplier<T> action) {
    try {
      return action.get();
    } catch (DataAccessException ex) {
      throw endpoint.translate(ex, queueName);
    }
  }

  RedisTemplate<String, byte[]> template() {
    return template;
  }

  /**
   * {@code BLMOVE from to RIGHT LEFT} on a dedicated connection, waiting at most {@code timeout};
   * returns the moved element or null when nothing came. The connection is reused afterwards unless
   * the command failed.
   */
  byte @Nullable [] blockingMove(byte[] from, byte[] to, Duration timeout) {
    double seconds = Math.max(0.001, timeout.toNanos() / 1e9);
    RedisConnection connection = borrowBlockingConnection();
    boolean healthy = false;
    try {
      byte[] moved =
          execute(
              () ->
                  connection
                      .listCommands()
                      .bLMove(from, to, Direction.RIGHT, Direction.LEFT, seconds));
      healthy = true;
      return moved;
    } finally {
      releaseBlockingConnection(connection, healthy);
    }
  }

  private RedisConnection borrowBlockingConnection() {
    RedisConnection connection = blockingConnections.pollFirst();
    if (connection != null) {
      return connection;
    }
    return execute(connectionFactory::getConnection);
  }

  private void releaseBlockingConnection(RedisConnection connection, boolean healthy) {
    if (healthy && !closed) {
      blockingConnections.offerFirst(connection);
      if (!closed) {
        return;
      }
      blockingConnections.remove(connection);
    }
    closeQuietly(connection);
  }

  /** Releases the blocking connections and, when the queue built it, the connection factory. */
  void close() {
    closed = true;
    RedisConnection connection;
    while ((connection = blockingConnections.pollFirst()) != null) {
      closeQuietly(connection);
    }
    if (ownedConnectionFactory != null) {
      ownedConnectionFactory.destroy();
    }
  }

  private static void closeQuietly(RedisConnection connection) {
    try {
      connection.close();
    } catch (RuntimeException ex) {
      // Closing a broken connection is best effort.
    }
  }

  private static RedisTemplate<String, byte[]> createTemplate(RedisConnectionFactory factory) {
    RedisTemplate<String, byte[]> template = new RedisTemplate<>();
    template.setConnectionFactory(factory);
    template.setKeySerializer(RedisSerializer.string());
    template.setHashKeySerializer(RedisSerializer.string());
    template.setValueSerializer(RedisSerializer.byteArray());
    template.setHashValueSerializer(RedisSerializer.byteArray());
    // The callbacks here never leak the connection, so skip the close-suppressing proxy that
    // RedisTemplate would otherwise create around it for every single command.
    template.setExposeConnection(true);
    template.afterPropertiesSet();
    return template;
  }

  private static Duration blockSlice(RedisConnectionFactory factory) {
    if (factory instanceof LettuceConnectionFactory lettuce) {
      // A blocking command must return before the client's own command timeout cancels it.
      Duration half = Duration.ofMillis(Math.max(10, lettuce.getTimeout() / 2));
      return half.compareTo(MAX_BLOCK_SLICE) < 0 ? half : MAX_BLOCK_SLICE;
    }
    return MAX_BLOCK_SLICE;
  }
}

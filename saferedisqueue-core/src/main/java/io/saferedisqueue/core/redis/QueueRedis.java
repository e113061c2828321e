package io.saferedisqueue.core.redis;

import io.saferedisqueue.core.EvictionPolicyCheck;
import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import io.saferedisqueue.core.SafeRedisQueueDurabilityException;
import io.saferedisqueue.core.SafeRedisQueueServerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisListCommands.Direction;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The one place where a queue talks to Redis: scripts and commands through a template on the
 * connection factory (with Lettuce, one shared, pipelining connection), blocking moves on dedicated
 * connections kept for reuse, and every Redis error translated by the {@link RedisEndpoint}.
 *
 * <p>Before its first command the queue looks at the server ({@link RedisServerChecks}, once per
 * connection factory): its version decides which variant of each script is sent, and its eviction
 * policy is checked as the queue's {@link EvictionPolicyCheck} says.
 */
public final class QueueRedis {

  private static final Duration MAX_BLOCK_SLICE = Duration.ofSeconds(1);

  private final String queueName;
  private final RedisConnectionFactory connectionFactory;
  private final @Nullable LettuceConnectionFactory ownedConnectionFactory;
  private final RedisEndpoint endpoint;
  private final EvictionPolicyCheck evictionCheck;
  private final Durability durability;
  private final RedisServerChecks serverChecks;
  private final RedisTemplate<String, byte[]> template;
  private final Duration blockSlice;
  private final ConcurrentLinkedDeque<RedisConnection> blockingConnections =
      new ConcurrentLinkedDeque<>();
  private volatile boolean closed;
  private volatile @Nullable SafeRedisQueueServerInfo server;
  private volatile @Nullable SafeRedisQueueConfigurationException refusal;

  /**
   * The transport of one queue; no round trip until its first command.
   *
   * @param ownedConnectionFactory the factory the queue built itself (from a url), destroyed on
   *     {@link #close}; null when the application owns it
   */
  public QueueRedis(
      String queueName,
      RedisConnectionFactory connectionFactory,
      @Nullable LettuceConnectionFactory ownedConnectionFactory,
      RedisEndpoint endpoint,
      EvictionPolicyCheck evictionCheck,
      Durability durability) {
    this.queueName = queueName;
    this.durability = durability;
    this.connectionFactory = connectionFactory;
    this.ownedConnectionFactory = ownedConnectionFactory;
    this.endpoint = endpoint;
    this.evictionCheck = evictionCheck;
    this.serverChecks = RedisServerChecks.of(connectionFactory);
    this.template = createTemplate(connectionFactory);
    this.blockSlice = blockSlice(connectionFactory);
  }

  /** The Redis this queue talks to, and the translation of its errors. */
  public RedisEndpoint endpoint() {
    return endpoint;
  }

  /** The longest a blocking command may wait, so it returns before the client's own timeout. */
  public Duration blockSlice() {
    return blockSlice;
  }

  /** Whether this queue's writes wait for replicas ({@link #durableScript}). */
  public boolean durable() {
    return durability.on();
  }

  /** How many replicas this queue's writes wait for; 0 when they do not. */
  public int durableReplicas() {
    return durability.replicas();
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Whether a script may touch {@code key} here and {@code otherKey} on {@code other}: the same
   * connection factory and, on a cluster, the same hash slot.
   */
  public boolean sameSlot(QueueRedis other, String key, String otherKey) {
    if (connectionFactory != other.connectionFactory) {
      return false;
    }
    if (connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()) {
      return io.lettuce.core.cluster.SlotHash.getSlot(key)
          == io.lettuce.core.cluster.SlotHash.getSlot(otherKey);
    }
    return true;
  }

  /** Runs a script (EVALSHA, falling back to EVAL), in the variant the server understands. */
  public <T> @Nullable T script(Script<T> script, List<String> keys, Object... args) {
    RedisScript<T> variant = script.variant(server().scriptFlags());
    return translated(script.operation(), () -> template.execute(variant, keys, args));
  }

  /**
   * Runs a write script and, when the queue's writes are durable, {@code WAIT replicas timeout} on
   * the same connection right behind it (one round trip for both): the shared connection on a
   * standalone or Sentinel Redis, the connection to the primary that owns the keys' slot on a
   * cluster. Without durable writes this is {@link #script}.
   *
   * @param uids the uids the write touches, for the exception's message
   * @throws SafeRedisQueueDurabilityException when fewer replicas acknowledged the write in time;
   *     it took effect on the primary all the same
   */
  public <T> @Nullable T durableScript(
      Script<T> script, List<String> keys, List<String> uids, Object... args) {
    if (!durability.on()) {
      return script(script, keys, args);
    }
    RedisScript<T> variant = script.variant(server().scriptFlags());
    ReplicatedWrite<T> written =
        translated(
            script.operation(),
            () ->
                Objects.requireNonNull(
                    template.execute(
                        (RedisCallback<ReplicatedWrite<T>>)
                            connection ->
                                ReplicatedWrite.run(
                                    connection,
                                    variant,
                                    keys,
                                    args,
                                    durability,
                                    commandTimeout(),
                                    endpoint.description()))));
    if (written.replicas() < durability.replicas()) {
      throw durabilityFailure(script.operation(), uids, written);
    }
    return written.reply();
  }

  private SafeRedisQueueDurabilityException durabilityFailure(
      String operation, List<String> uids, ReplicatedWrite<?> written) {
    int shown = Math.min(uids.size(), 10);
    String listed =
        String.join(", ", uids.subList(0, shown))
            + (uids.size() > shown ? " and " + (uids.size() - shown) + " more" : "");
    return new SafeRedisQueueDurabilityException(
        "Queue '"
            + queueName
            + "': the "
            + operation
            + " of "
            + uids.size()
            + " item(s) ("
            + listed
            + ") took effect on the primary "
            + written.node()
            + ", but only "
            + written.replicas()
            + " of the "
            + durability.replicas()
            + " replica(s) asked for (durable-replicas) acknowledged it within "
            + durability.timeout().toMillis()
            + " ms (durable-timeout). It is not undone; a failover to a replica without it"
            + " would lose it"
            + (operation.equals("push") ? " (the item)" : " (the item would be in flight again)")
            + ".",
        operation,
        uids,
        (int) written.replicas(),
        durability.replicas(),
        durability.timeout());
  }

  /** How long one command may take on the client before it gives up. */
  private Duration commandTimeout() {
    if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
      return Duration.ofMillis(lettuce.getTimeout());
    }
    return Duration.ofSeconds(60);
  }

  /** Runs commands on the template, translating Redis errors. */
  public <T> T execute(String operation, Supplier<T> action) {
    server();
    return translated(operation, action);
  }

  private <T> T translated(String operation, Supplier<T> action) {
    try {
      return action.get();
    } catch (DataAccessException ex) {
      SafeRedisQueueServerInfo known = server;
      throw endpoint.translate(
          ex, queueName, operation, known == null ? null : known.maxmemoryPolicy());
    }
  }

  /**
   * What this queue knows of its server, from the first probe of its connection factory; on the
   * queue's first call, also applies its eviction policy check (warns once per factory, or refuses
   * every call from then on).
   *
   * @throws SafeRedisQueueConfigurationException when the check refuses the server
   * @throws SafeRedisQueueConnectionException when the server cannot be reached for the probe
   */
  public SafeRedisQueueServerInfo server() {
    SafeRedisQueueServerInfo known = server;
    if (known == null) {
      known = firstUse();
    }
    SafeRedisQueueConfigurationException refused = refusal;
    if (refused != null) {
      throw refused;
    }
    return known;
  }

  private synchronized SafeRedisQueueServerInfo firstUse() {
    SafeRedisQueueServerInfo known = server;
    if (known != null) {
      return known;
    }
    SafeRedisQueueServerInfo info = serverChecks.info(this::readServer);
    Optional<String> risk = info.evictionRisk();
    if (evictionCheck == EvictionPolicyCheck.WARN) {
      serverChecks.warnOnce(endpoint.description(), info);
    } else if (evictionCheck == EvictionPolicyCheck.FAIL && risk.isPresent()) {
      refusal =
          new SafeRedisQueueConfigurationException(
              "Queue '"
                  + queueName
                  + "' refuses to use Redis at "
                  + endpoint.description()
                  + " (eviction policy check: fail): "
                  + risk.get()
                  + ". Set maxmemory-policy noeviction on that server, or the check to warn or"
                  + " off.");
    }
    server = info;
    return info;
  }

  /** Reads the server's version and memory settings now (a few round trips). */
  public SafeRedisQueueServerInfo readServer() {
    return translated(
        "server check",
        () ->
            Objects.requireNonNull(
                template.execute(
                    (RedisCallback<SafeRedisQueueServerInfo>) RedisServerProbe::read)));
  }

  /** The template on the queue's connection factory: string keys, byte-array values. */
  public RedisTemplate<String, byte[]> template() {
    return template;
  }

  /**
   * {@code BLMOVE from to RIGHT LEFT} on a dedicated connection, waiting at most {@code timeout};
   * returns the moved element or null when nothing came. The connection is reused afterwards unless
   * the command failed.
   */
  public byte @Nullable [] blockingMove(byte[] from, byte[] to, Duration timeout) {
    double seconds = Math.max(0.001, timeout.toNanos() / 1e9);
    RedisConnection connection = borrowBlockingConnection();
    boolean healthy = false;
    try {
      byte[] moved =
          execute(
              "blocking pop",
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
    return execute("connection", connectionFactory::getConnection);
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
  public void close() {
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

  /**
   * A Lua script as this transport sends it: two variants (with and without the flags line that
   * Redis before 7.0 cannot compile) and what it does, for error messages.
   *
   * @param <T> the reply type
   */
  public interface Script<T> {

    /**
     * The script as sent to a server that understands flags lines, or not.
     *
     * @param scriptFlags whether the server understands flags lines (Redis 7.0 and later)
     * @return the variant to send, loaded once
     */
    RedisScript<T> variant(boolean scriptFlags);

    /**
     * What the script does, for error messages ("the push of queue 'x' was refused").
     *
     * @return the operation's description
     */
    String operation();
  }
}

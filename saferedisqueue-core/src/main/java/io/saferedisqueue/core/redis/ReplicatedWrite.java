package io.saferedisqueue.core.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A write script followed by {@code WAIT} on the same Lettuce connection, and what came of both.
 * {@code WAIT} counts the replicas that have every write its own client made so far, so it has to
 * run on the connection that ran the script: on a standalone or Sentinel Redis the connection's
 * (usually shared) native connection; on a cluster the node connection to the primary that serves
 * the keys' slot, which is also where the script has to run. Both commands are sent at once (one
 * round trip); a script unknown to the server (NOSCRIPT) is sent again in full, with a second
 * {@code WAIT}.
 *
 * @param reply the script's reply, as the template would return it (byte arrays, longs, lists)
 * @param replicas what {@code WAIT} returned: how many replicas have the write
 * @param node the primary the script ran on, for messages
 */
record ReplicatedWrite<T>(@Nullable T reply, long replicas, String node) {

  private static final LettuceExceptionConverter EXCEPTIONS = new LettuceExceptionConverter();

  // getStatefulConnection() is deprecated in Lettuce 6.x without a replacement reachable from
  // Spring's connection; it is the one way to the node connections of the shared cluster
  // connection.
  @SuppressWarnings({"unchecked", "deprecation"})
  static <T> ReplicatedWrite<T> run(
      RedisConnection connection,
      RedisScript<T> script,
      List<String> keys,
      Object[] args,
      Durability durability,
      Duration commandTimeout,
      String endpoint) {
    Object nativeConnection = connection.getNativeConnection();
    RedisClusterAsyncCommands<byte[], byte[]> commands;
    String node;
    if (nativeConnection instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
      StatefulRedisClusterConnection<byte[], byte[]> stateful =
          ((RedisAdvancedClusterAsyncCommands<byte[], byte[]>) cluster).getStatefulConnection();
      int slot = SlotHash.getSlot(keys.get(0));
      RedisClusterNode primary = stateful.getPartitions().getMasterBySlot(slot);
      if (primary == null) {
        throw new RedisSystemException(
            "no primary of the cluster at " + endpoint + " serves slot " + slot, null);
      }
      commands = stateful.getConnection(primary.getNodeId()).async();
      node = primary.getUri().getHost() + ":" + primary.getUri().getPort();
    } else if (nativeConnection instanceof RedisClusterAsyncCommands<?, ?> plain) {
      commands = (RedisClusterAsyncCommands<byte[], byte[]>) plain;
      node = endpoint;
    } else {
      throw new IllegalStateException(
          "durable writes need a Lettuce connection, got " + nativeConnection.getClass());
    }
    byte[][] keyBytes = keys.stream().map(Codec::bytes).toArray(byte[][]::new);
    byte[][] argBytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argBytes[i] = args[i] instanceof byte[] bytes ? bytes : Codec.bytes(String.valueOf(args[i]));
    }
    ScriptOutputType type = outputType(script.getResultType());
    long waitMillis = Math.max(1, durability.timeout().toMillis());
    // The client must not give up on WAIT before the server does.
    long awaitMillis = commandTimeout.toMillis() + waitMillis;
    try {
      RedisFuture<T> reply = commands.evalsha(script.getSha1(), type, keyBytes, argBytes);
      RedisFuture<Long> acked = commands.waitForReplication(durability.replicas(), waitMillis);
      T result;
      try {
        result = await(reply, awaitMillis);
      } catch (RedisNoScriptException ex) {
        await(acked, awaitMillis);
        reply = commands.eval(Codec.bytes(script.getScriptAsString()), type, keyBytes, argBytes);
        acked = commands.waitForReplication(durability.replicas(), waitMillis);
        result = await(reply, awaitMillis);
      }
      Long count = await(acked, awaitMillis);
      return new ReplicatedWrite<>(result, count == null ? 0 : count, node);
    } catch (RuntimeException ex) {
      DataAccessException translated = EXCEPTIONS.convert(ex);
      throw translated != null ? translated : ex;
    }
  }

  private static <V> @Nullable V await(RedisFuture<V> future, long millis) {
    return LettuceFutures.awaitOrCancel(future, millis, TimeUnit.MILLISECONDS);
  }

  private static ScriptOutputType outputType(@Nullable Class<?> type) {
    if (type == null) {
      return ScriptOutputType.STATUS;
    }
    if (List.class.isAssignableFrom(type)) {
      return ScriptOutputType.MULTI;
    }
    if (Long.class.isAssignableFrom(type)) {
      return ScriptOutputType.INTEGER;
    }
    if (Boolean.class.isAssignableFrom(type)) {
      return ScriptOutputType.BOOLEAN;
    }
    return ScriptOutputType.VALUE;
  }
}

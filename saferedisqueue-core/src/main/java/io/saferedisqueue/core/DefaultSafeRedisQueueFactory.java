package io.saferedisqueue.core;

import io.saferedisqueue.core.redis.Checks;
import io.saferedisqueue.core.shard.SafeRedisQueueShardNames;
import io.saferedisqueue.core.shard.SafeRedisQueueShards;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * A {@link SafeRedisQueueFactory} on one connection factory; each queue's builder can be adjusted
 * per name (autoclean interval, serializer), and a name can be sharded into several queues (see
 * {@link SafeRedisQueueShards}). Closing it closes the queues it created.
 */
public class DefaultSafeRedisQueueFactory implements SafeRedisQueueFactory, AutoCloseable {

  private final RedisConnectionFactory connectionFactory;
  private final BiConsumer<String, SafeRedisQueueBuilder> customizer;
  private final ToIntFunction<String> shardCounts;
  private final Map<String, SafeRedisQueue> queues = new ConcurrentHashMap<>();
  private final Map<String, SafeRedisQueueShards> sharded = new ConcurrentHashMap<>();

  /** Queues with the defaults. */
  public DefaultSafeRedisQueueFactory(RedisConnectionFactory connectionFactory) {
    this(connectionFactory, (name, builder) -> {});
  }

  /**
   * Queues whose builder the customizer adjusts; it is called with the queue's name and a builder
   * that already has that name.
   */
  public DefaultSafeRedisQueueFactory(
      RedisConnectionFactory connectionFactory,
      BiConsumer<String, SafeRedisQueueBuilder> customizer) {
    this(connectionFactory, customizer, name -> 1);
  }

  /**
   * Queues whose builder the customizer adjusts, and names sharded into {@code shardCounts(name)}
   * queues where that is more than 1. The customizer of a shard is called with the logical name (so
   * every shard gets the logical queue's settings) and a builder that has the shard's name {@code
   * {NAME-i}}.
   */
  public DefaultSafeRedisQueueFactory(
      RedisConnectionFactory connectionFactory,
      BiConsumer<String, SafeRedisQueueBuilder> customizer,
      ToIntFunction<String> shardCounts) {
    this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
    this.customizer = Objects.requireNonNull(customizer, "customizer");
    this.shardCounts = Objects.requireNonNull(shardCounts, "shardCounts");
  }

  @Override
  public SafeRedisQueue getQueue(String name) {
    Checks.name(name);
    int shards = shardCounts.applyAsInt(name);
    if (shards > 1) {
      throw new IllegalArgumentException(
          "queue '"
              + name
              + "' is sharded into "
              + shards
              + " queues "
              + SafeRedisQueueShardNames.shardName(name, 0)
              + " to "
              + SafeRedisQueueShardNames.shardName(name, shards - 1)
              + ": use getOperations(\""
              + name
              + "\") or one shard's name");
    }
    return queues.computeIfAbsent(name, queueName -> createQueue(queueName, queueName));
  }

  /** The plain queue of this name, or, when it is sharded, its {@link SafeRedisQueueShards}. */
  @Override
  public SafeRedisQueueOperations getOperations(String name) {
    Checks.name(name);
    int shards = shardCounts.applyAsInt(name);
    if (shards <= 1) {
      return getQueue(name);
    }
    return sharded.computeIfAbsent(
        name,
        logical ->
            SafeRedisQueueShards.of(
                logical,
                shards,
                shard -> queues.computeIfAbsent(shard, s -> createQueue(logical, s))));
  }

  private SafeRedisQueue createQueue(String settingsName, String name) {
    SafeRedisQueueBuilder builder = SafeRedisQueue.builder(connectionFactory).name(name);
    customizer.accept(settingsName, builder);
    if (!settingsName.equals(name)) {
      builder.name(name); // a shard keeps its own name whatever the customizer did
    }
    return builder.build();
  }

  @Override
  public Collection<SafeRedisQueue> getQueues() {
    return List.copyOf(queues.values());
  }

  @Override
  public Collection<SafeRedisQueueOperations> getLogicalQueues() {
    return List.copyOf(sharded.values());
  }

  /** Closes every queue created here (not the connection factory). */
  @Override
  public void close() {
    queues.values().forEach(SafeRedisQueue::close);
    queues.clear();
    sharded.clear();
  }
}

package io.saferedisqueue.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A {@link SafeRedisQueueFactory} on one connection factory; each queue's builder can be adjusted
 * per name (autoclean interval, serializer). Closing it closes the queues it created.
 */
public class DefaultSafeRedisQueueFactory implements SafeRedisQueueFactory, AutoCloseable {

  private final org.springframework.data.redis.connection.RedisConnectionFactory connectionFactory;
  private final BiConsumer<String, SafeRedisQueueBuilder> customizer;
  private final Map<String, SafeRedisQueue> queues = new ConcurrentHashMap<>();

  /** Queues with the defaults. */
  public DefaultSafeRedisQueueFactory(
      org.springframework.data.redis.connection.RedisConnectionFactory connectionFactory) {
    this(connectionFactory, (name, builder) -> {});
  }

  /**
   * Queues whose builder the customizer adjusts; it is called with the queue's name and a builder
   * that already has that name.
   */
  public DefaultSafeRedisQueueFactory(
      org.springframework.data.redis.connection.RedisConnectionFactory connectionFactory,
      BiConsumer<String, SafeRedisQueueBuilder> customizer) {
    this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
    this.customizer = Objects.requireNonNull(customizer, "customizer");
  }

  @Override
  public SafeRedisQueue getQueue(String name) {
    Checks.name(name);
    return queues.computeIfAbsent(name, this::createQueue);
  }

  private SafeRedisQueue createQueue(String name) {
    SafeRedisQueueBuilder builder = SafeRedisQueue.builder(connectionFactory).name(name);
    customizer.accept(name, builder);
    return builder.build();
  }

  @Override
  public Collection<SafeRedisQueue> getQueues() {
    return List.copyOf(queues.values());
  }

  /** Closes every queue created here (not the connection factory). */
  @Override
  public void close() {
    queues.values().forEach(SafeRedisQueue::close);
    queues.clear();
  }
}

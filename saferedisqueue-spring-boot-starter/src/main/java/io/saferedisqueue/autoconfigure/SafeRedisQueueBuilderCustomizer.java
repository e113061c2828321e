package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.SafeRedisQueueBuilder;

/**
 * Adjusts the builder of each queue the auto-configured factory creates, after the {@code
 * saferedisqueue.*} properties were applied. Declare one or more as beans; they run in {@link
 * org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface SafeRedisQueueBuilderCustomizer {

  /**
   * Customizes the builder of the queue with this name.
   *
   * @param name the queue's name
   * @param builder its builder, with the name and the properties already set
   */
  void customize(String name, SafeRedisQueueBuilder builder);
}

package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.config.SafeQueueListenerContainerFactory;

/**
 * Adjusts the auto-configured default {@link SafeQueueListenerContainerFactory} after the {@code
 * saferedisqueue.listener.*} properties were applied. Declare one or more as beans; they run in
 * {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface SafeQueueListenerContainerFactoryCustomizer {

  /** Customizes the factory. */
  void customize(SafeQueueListenerContainerFactory factory);
}

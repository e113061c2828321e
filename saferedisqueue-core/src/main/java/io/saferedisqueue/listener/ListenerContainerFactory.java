package io.saferedisqueue.listener;

import java.util.List;

/**
 * Creates the {@link SafeQueueListenerContainer} of a listener endpoint: what the {@link
 * SafeQueueListenerEndpointRegistry} needs to turn endpoints into containers, as spring-rabbit's
 * {@code RabbitListenerContainerFactory} is for its registry. The usual implementation is {@code
 * io.saferedisqueue.config.SafeQueueListenerContainerFactory}, which holds the settings of its
 * containers.
 */
@FunctionalInterface
public interface ListenerContainerFactory {

  /**
   * Creates a stopped container for the endpoint, with the endpoint's overrides of the factory's
   * settings.
   *
   * @throws IllegalArgumentException when the endpoint cannot be consumed, for example because its
   *     queue name is not a valid queue name
   */
  SafeQueueListenerContainer createListenerContainer(SafeQueueListenerEndpoint endpoint);

  /**
   * Creates the stopped containers of the endpoint: by default the one of {@link
   * #createListenerContainer}; a factory whose queues may have several parts returns one per part,
   * each with an id of its own (the registry runs them as one listener under the endpoint's id).
   */
  default List<SafeQueueListenerContainer> createListenerContainers(
      SafeQueueListenerEndpoint endpoint) {
    return List.of(createListenerContainer(endpoint));
  }
}

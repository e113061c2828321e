package io.saferedisqueue.config;

import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueOperations;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpoint;
import io.saferedisqueue.listener.SafeQueueListenerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Creates the containers of an endpoint: one for a queue, or one per part of a sharded queue, each
 * an item or a batch container as the endpoint asks. Settings and serializers come from the
 * factory, through functions, so a subclass of the factory that overrides {@code settingsFor} is
 * still asked for every container.
 */
final class QueuePartContainers {

  private final SafeRedisQueueFactory queueFactory;
  private final BiFunction<SafeQueueListenerEndpoint, SafeRedisQueue, SafeQueueListenerSettings>
      settings;
  private final Function<String, PayloadSerializer> serializers;

  QueuePartContainers(
      SafeRedisQueueFactory queueFactory,
      BiFunction<SafeQueueListenerEndpoint, SafeRedisQueue, SafeQueueListenerSettings> settings,
      Function<String, PayloadSerializer> serializers) {
    this.queueFactory = queueFactory;
    this.settings = settings;
    this.serializers = serializers;
  }

  /** Whether the operations are a plain queue, consumed by one container. */
  static boolean isPlain(SafeRedisQueueOperations operations) {
    List<SafeRedisQueue> parts = operations.parts();
    return parts.size() == 1 && parts.get(0) == operations;
  }

  /** The one container of the endpoint on the queue of its name, with that queue's serializer. */
  SafeQueueListenerContainer forQueue(SafeQueueListenerEndpoint endpoint) {
    SafeRedisQueue queue = queueFactory.getQueue(endpoint.getQueueName());
    return container(endpoint, endpoint.getId(), queue, serializers.apply(queue.name()));
  }

  /**
   * One container per part, ids {@code <id>-0}, {@code <id>-1}, ..., all with the logical queue's
   * serializer.
   */
  List<SafeQueueListenerContainer> forParts(
      SafeQueueListenerEndpoint endpoint, SafeRedisQueueOperations operations) {
    PayloadSerializer serializer = serializers.apply(operations.name());
    List<SafeRedisQueue> parts = operations.parts();
    List<SafeQueueListenerContainer> created = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      created.add(container(endpoint, endpoint.getId() + "-" + i, parts.get(i), serializer));
    }
    return created;
  }

  private SafeQueueListenerContainer container(
      SafeQueueListenerEndpoint endpoint,
      String id,
      SafeRedisQueue queue,
      PayloadSerializer serializer) {
    return SafeQueueListenerContainer.create(
        id,
        queue,
        endpoint.createListener(serializer, queue, queueFactory::getQueue),
        settings.apply(endpoint, queue));
  }
}

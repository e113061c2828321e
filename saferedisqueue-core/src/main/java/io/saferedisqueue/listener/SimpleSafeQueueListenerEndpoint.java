package io.saferedisqueue.listener;

import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.util.Objects;
import java.util.function.Function;

/**
 * An endpoint around a ready-made {@link SafeQueueItemListener}, for registering listeners in code
 * rather than with {@code @SafeQueueListener}. The listener receives the raw item; it can read the
 * payload with {@link io.saferedisqueue.core.SafeRedisQueue#read} or its own serializer.
 */
public class SimpleSafeQueueListenerEndpoint extends AbstractSafeQueueListenerEndpoint {

  private final SafeQueueItemListener listener;

  /**
   * Creates the endpoint.
   *
   * @throws IllegalArgumentException when the id or the queue name is null or blank
   */
  public SimpleSafeQueueListenerEndpoint(
      String id, String queueName, SafeQueueItemListener listener) {
    super(id, queueName);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The listener given to the constructor, one item per call; the serializer is not used. */
  @Override
  public SafeQueueListenerAdapter createListener(
      PayloadSerializer serializer, SafeRedisQueue queue, Function<String, SafeRedisQueue> queues) {
    return SafeQueueListenerAdapter.forItems(listener);
  }
}

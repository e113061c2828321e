package io.saferedisqueue.listener;

import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.util.Objects;

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

  /** Returns the listener given to the constructor; the serializer is not used. */
  @Override
  public SafeQueueItemListener createItemListener(PayloadSerializer serializer) {
    return listener;
  }
}

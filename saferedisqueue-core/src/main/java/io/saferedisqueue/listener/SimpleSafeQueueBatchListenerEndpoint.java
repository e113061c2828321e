package io.saferedisqueue.listener;

import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.util.Objects;

/**
 * An endpoint around a ready-made {@link SafeQueueBatchListener}, for registering batch listeners
 * in code rather than with {@code @SafeQueueListener(batch = "true")}. The listener receives the
 * raw items; it can read the payloads with {@link io.saferedisqueue.core.SafeRedisQueue#read} or
 * its own serializer.
 */
public class SimpleSafeQueueBatchListenerEndpoint extends AbstractSafeQueueListenerEndpoint {

  private final SafeQueueBatchListener listener;

  /**
   * Creates the endpoint.
   *
   * @throws IllegalArgumentException when the id or the queue name is null or blank
   */
  public SimpleSafeQueueBatchListenerEndpoint(
      String id, String queueName, SafeQueueBatchListener listener) {
    super(id, queueName);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Always true: the container calls {@link #createBatchListener}. */
  @Override
  public boolean isBatchListener() {
    return true;
  }

  /** Returns the listener given to the constructor; the serializer is not used. */
  @Override
  public SafeQueueBatchListener createBatchListener(PayloadSerializer serializer) {
    return listener;
  }

  /**
   * Not used for a batch endpoint.
   *
   * @throws UnsupportedOperationException always; containers call {@link #createBatchListener}
   */
  @Override
  public SafeQueueItemListener createItemListener(PayloadSerializer serializer) {
    throw new UnsupportedOperationException(
        "Endpoint '" + getId() + "' is a batch listener endpoint; use createBatchListener");
  }
}

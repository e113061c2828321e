package io.saferedisqueue.listener;

import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import java.util.Objects;
import java.util.function.Function;

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

  /** The listener given to the constructor, a batch per call; the serializer is not used. */
  @Override
  public SafeQueueListenerAdapter createListener(
      PayloadSerializer serializer, SafeRedisQueue queue, Function<String, SafeRedisQueue> queues) {
    return SafeQueueListenerAdapter.forBatches(listener);
  }
}

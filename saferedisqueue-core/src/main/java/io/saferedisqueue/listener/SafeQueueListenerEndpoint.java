package io.saferedisqueue.listener;

import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What one listener consumes and how: its id, its queue, optional overrides of the container
 * factory's settings, and the item listener that handles each item. A {@link
 * ListenerContainerFactory} turns an endpoint into a {@link SafeQueueListenerContainer}; the {@link
 * SafeQueueListenerEndpointRegistry} keeps the container under the endpoint's id.
 *
 * <p>A batch endpoint ({@link #isBatchListener()}) creates a {@link SafeQueueBatchListener}
 * instead, which the container calls with up to {@link #getConsumerBatchSize()} items at once.
 *
 * <p>{@code @SafeQueueListener} methods become {@link MethodSafeQueueListenerEndpoint}s, or {@link
 * MethodSafeQueueBatchListenerEndpoint}s with {@code batch = "true"}; {@link
 * SimpleSafeQueueListenerEndpoint} wraps a {@link SafeQueueItemListener} for programmatic use.
 */
public interface SafeQueueListenerEndpoint {

  /** Id of the listener, unique within a registry. */
  String getId();

  /** Name of the queue to consume (the {@code NAME} of {@code srq:NAME:*}). */
  String getQueueName();

  /**
   * Number of workers (the minimum, with a range), or {@code null} for the container factory's
   * default.
   */
  @Nullable Integer getConcurrency();

  /**
   * Most workers when the concurrency is a range ({@code "min-max"}), or {@code null}: as many as
   * {@link #getConcurrency()}.
   */
  default @Nullable Integer getMaxConcurrency() {
    return null;
  }

  /** Whether the registry starts the container, or {@code null} for the factory's default. */
  @Nullable Boolean getAutoStartup();

  /** Error handler of this listener, or {@code null} for the container factory's. */
  @Nullable SafeQueueErrorHandler getErrorHandler();

  /**
   * Creates the item listener the container calls for each item.
   *
   * @param serializer the serializer of the endpoint's queue chosen by the container factory, for
   *     payloads that are neither text nor bytes
   */
  SafeQueueItemListener createItemListener(PayloadSerializer serializer);

  /**
   * Creates the item listener with access to the endpoint's queue and the others by name, for
   * endpoints whose results go on to another queue; by default {@link
   * #createItemListener(PayloadSerializer)}.
   *
   * @param queue the endpoint's queue
   * @param queues the queue of a name
   */
  default SafeQueueItemListener createItemListener(
      PayloadSerializer serializer, SafeRedisQueue queue, Function<String, SafeRedisQueue> queues) {
    return createItemListener(serializer);
  }

  /** Maximum deliveries of this listener, or {@code null} for the container factory's. */
  default @Nullable Integer getMaxDeliveries() {
    return null;
  }

  /** Exception types that dead-letter this listener's items at once (besides the factory's). */
  default List<Class<? extends Throwable>> getNotRetryable() {
    return List.of();
  }

  /**
   * Whether this endpoint's container calls a {@link #createBatchListener batch listener} rather
   * than an item listener; false by default.
   */
  default boolean isBatchListener() {
    return false;
  }

  /**
   * Most items per call of this batch listener, or {@code null} for the container factory's
   * (ignored unless {@link #isBatchListener()}).
   */
  default @Nullable Integer getConsumerBatchSize() {
    return null;
  }

  /**
   * Creates the batch listener the container calls with each batch; called only when {@link
   * #isBatchListener()}.
   *
   * @param serializer the serializer of the endpoint's queue chosen by the container factory, for
   *     payloads that are neither text nor bytes
   * @throws UnsupportedOperationException by default: the endpoint is not a batch endpoint
   */
  default SafeQueueBatchListener createBatchListener(PayloadSerializer serializer) {
    throw new UnsupportedOperationException(
        "Endpoint '" + getId() + "' is not a batch listener endpoint");
  }
}

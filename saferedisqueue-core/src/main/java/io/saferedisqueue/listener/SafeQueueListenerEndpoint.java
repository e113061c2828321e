package io.saferedisqueue.listener;

import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What one listener consumes and how: its id, its queue, optional overrides of the container
 * factory's settings, and the listener that handles each item, or each batch of up to {@link
 * #getConsumerBatchSize()} items ({@link #createListener}). A {@link ListenerContainerFactory}
 * turns an endpoint into a {@link SafeQueueListenerContainer}; the {@link
 * SafeQueueListenerEndpointRegistry} keeps the container under the endpoint's id.
 *
 * <p>{@code @SafeQueueListener} methods become {@link MethodSafeQueueListenerEndpoint}s, or {@link
 * MethodSafeQueueBatchListenerEndpoint}s with {@code batch = "true"}; {@link
 * SimpleSafeQueueListenerEndpoint} and {@link SimpleSafeQueueBatchListenerEndpoint} wrap a
 * ready-made listener for programmatic use.
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
   * Creates what the container calls: an item listener or a batch listener ({@link
   * SafeQueueListenerAdapter#forItems}, {@link SafeQueueListenerAdapter#forBatches}).
   *
   * @param serializer the serializer of the endpoint's queue chosen by the container factory, for
   *     payloads that are neither text nor bytes
   * @param queue the queue the container consumes (one part of a queue of several)
   * @param queues the queue of a name, for endpoints whose results go on to another queue
   */
  SafeQueueListenerAdapter createListener(
      PayloadSerializer serializer, SafeRedisQueue queue, Function<String, SafeRedisQueue> queues);

  /** Maximum deliveries of this listener, or {@code null} for the container factory's. */
  default @Nullable Integer getMaxDeliveries() {
    return null;
  }

  /** Exception types that dead-letter this listener's items at once (besides the factory's). */
  default List<Class<? extends Throwable>> getNotRetryable() {
    return List.of();
  }

  /**
   * Most items per call of this batch listener, or {@code null} for the container factory's
   * (ignored unless the endpoint creates a batch listener).
   */
  default @Nullable Integer getConsumerBatchSize() {
    return null;
  }
}

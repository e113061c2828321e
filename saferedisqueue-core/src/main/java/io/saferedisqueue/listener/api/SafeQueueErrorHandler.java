package io.saferedisqueue.listener.api;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;

/**
 * Decides what happens to an item whose listener failed (its handler threw, or its payload could
 * not be converted). It is called on the container thread that ran the handler, with the item still
 * in flight, and must leave the item acked, failed (requeued or delayed), dead-lettered, or
 * deliberately in flight.
 *
 * <p>A container without an error handler of its own uses a {@link RetryingErrorHandler} (see
 * {@link #retrying}): it retries the item with the back-off up to the maximum deliveries, then
 * dead-letters it, and dead-letters unconvertible payloads and not-retryable errors at once.
 *
 * <p>If it throws, or never acks or fails the item, the item stays in flight and the queue's
 * autoclean delivers it again after one to two autoclean intervals: nothing is lost.
 *
 * <p>A handler that fails the same way every time (a "poison" item, such as a payload that is not
 * valid JSON for the parameter type) is requeued over and over by {@link #requeue()}, which knows
 * no maximum; the default handling dead-letters it, {@link #discard()} deletes it.
 */
@FunctionalInterface
public interface SafeQueueErrorHandler {

  /**
   * Handles the failure of one item.
   *
   * @param item the item, still in flight
   * @param error what went wrong, normally a {@link ListenerExecutionFailedException} naming the
   *     listener, the queue and the uid, whose cause is what the handler threw
   * @param queue the queue the item came from, to ack or fail it
   */
  void handleError(SafeRedisQueueItem item, Throwable error, SafeRedisQueue queue);

  /**
   * Fails the item, which puts it back at the end of the queue (behind what is already waiting)
   * with its payload, so it is delivered again, however often it failed (up to the queue's own
   * maximum deliveries, if it has one). Logs the failure at WARN. Not the containers' default,
   * which is {@link #retrying}.
   */
  static SafeQueueErrorHandler requeue() {
    return ErrorHandlers.REQUEUE;
  }

  /**
   * Retries with {@code backOff} up to {@code maxDeliveries} deliveries, then dead-letters;
   * payloads that cannot be converted and errors of the {@code notRetryable} types are
   * dead-lettered at once. See {@link RetryingErrorHandler}.
   */
  static SafeQueueErrorHandler retrying(
      int maxDeliveries,
      org.springframework.util.backoff.BackOff backOff,
      java.util.List<Class<? extends Throwable>> notRetryable) {
    return new RetryingErrorHandler(maxDeliveries, backOff, notRetryable);
  }

  /**
   * Acks the item, which deletes it, and logs the failure at ERROR: the item is gone for good. For
   * items that can never succeed and are not worth keeping.
   */
  static SafeQueueErrorHandler discard() {
    return ErrorHandlers.DISCARD;
  }
}

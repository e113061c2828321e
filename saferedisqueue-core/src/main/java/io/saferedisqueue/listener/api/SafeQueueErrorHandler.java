package io.saferedisqueue.listener.api;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;

/**
 * Decides what happens to an item whose listener failed (its handler threw, or its payload could
 * not be converted). It is called on the container thread that ran the handler, with the item still
 * in flight, and must leave the item acked, failed (requeued), or deliberately in flight.
 *
 * <p>If it throws, or never acks or fails the item, the item stays in flight and the queue's
 * autoclean delivers it again after one to two autoclean intervals: nothing is lost.
 *
 * <p>A handler that fails the same way every time (a "poison" item, such as a payload that is not
 * valid JSON for the parameter type) is requeued over and over by {@link #requeue()}; use {@link
 * #discard()} or an own implementation that, for example, pushes such items to a dead-letter queue
 * and acks them.
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
   * The default: fails the item, which puts it back at the end of the queue (behind what is already
   * waiting) with its payload, so it is delivered again. Logs the failure at WARN.
   */
  static SafeQueueErrorHandler requeue() {
    return ErrorHandlers.REQUEUE;
  }

  /**
   * Acks the item, which deletes it, and logs the failure at ERROR: the item is gone for good. For
   * items that can never succeed and are not worth keeping.
   */
  static SafeQueueErrorHandler discard() {
    return ErrorHandlers.DISCARD;
  }
}

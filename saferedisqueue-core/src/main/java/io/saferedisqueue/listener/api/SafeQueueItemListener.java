package io.saferedisqueue.listener.api;

import io.saferedisqueue.core.SafeRedisQueueItem;

/**
 * Handles one item delivered by a listener container. The container acknowledges the item when this
 * returns normally and hands it to its {@link SafeQueueErrorHandler} when this throws ("AUTO"
 * acknowledgement); an implementation therefore never acks or fails the item itself.
 *
 * <p>Called by one container thread at a time per item, possibly by several threads at once for
 * different items when the container's concurrency is above one.
 */
@FunctionalInterface
public interface SafeQueueItemListener {

  /**
   * Processes the item. Delivery is at-least-once: the same item may come again after a crash or a
   * failure, so processing should be idempotent.
   *
   * @throws Exception to have the item handled by the container's error handler; by default a
   *     {@link RetryingErrorHandler}: the item is retried with the back-off up to the maximum
   *     deliveries, then dead-lettered
   */
  void onItem(SafeRedisQueueItem item) throws Exception;
}

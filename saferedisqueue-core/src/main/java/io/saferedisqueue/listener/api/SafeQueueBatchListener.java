package io.saferedisqueue.listener.api;

import io.saferedisqueue.core.SafeRedisQueueItem;
import java.util.List;

/**
 * Handles a batch of items delivered by a listener container: one call with up to the container's
 * consumer batch size of items, in the order they were taken from the queue. The container acks
 * every item of the batch, in one round trip, when this returns normally, and hands every item to
 * its {@link SafeQueueErrorHandler} when this throws, each with its own delivery count; a {@link
 * SafeQueueBatchFailedException} names the items that failed, and the others are acked.
 *
 * <p>The batch holds the items that were waiting when a worker became free, at least one and at
 * most the consumer batch size; the container never waits for more items to fill a batch.
 *
 * <p>Called by one container thread at a time per batch, possibly by several threads at once for
 * different batches when the container's concurrency is above one. An implementation never acks or
 * fails the items itself.
 */
@FunctionalInterface
public interface SafeQueueBatchListener {

  /**
   * Processes the items. Delivery is at-least-once: an item may come again, in another batch, after
   * a crash or a failure, so processing should be idempotent.
   *
   * @param items the items, never empty; the list may not be modified
   * @throws SafeQueueBatchFailedException to fail only the items at the indexes it names (in this
   *     list) and have the others acked
   * @throws Exception to fail the whole batch: every item goes to the container's error handler
   */
  void onBatch(List<SafeRedisQueueItem> items) throws Exception;
}

package io.saferedisqueue.listener;

import io.micrometer.observation.Observation;
import io.saferedisqueue.core.AckBatcher;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.api.ListenerExecutionFailedException;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs the listener on one fetched item, on a worker: dead-letters an item delivered too often
 * without ack or fail, invokes the listener (observed), acks the item when it returned (batched
 * when an {@link AckBatcher} is given) and hands it to the error handler when it threw.
 */
final class ItemHandler {

  private static final Log logger = LogFactory.getLog(ItemHandler.class);

  /** An item fetched and not yet started, with the trace headers of its batch when observed. */
  record Fetched(SafeRedisQueueItem item, ListenerObservations.@Nullable BatchHeaders headers) {}

  private final String listenerId;
  private final SafeRedisQueue queue;
  private final SafeQueueItemListener listener;
  private final SafeQueueListenerSettings settings;
  private final SafeQueueErrorHandler errorHandler;
  private final @Nullable AckBatcher ackBatcher;
  private final LeaseRenewer leases;
  private final RedisOutageMonitor outage;
  private final BooleanSupplier stopping;
  private final AtomicInteger activeHandlers;

  ItemHandler(
      String listenerId,
      SafeRedisQueue queue,
      SafeQueueItemListener listener,
      SafeQueueListenerSettings settings,
      SafeQueueErrorHandler errorHandler,
      @Nullable AckBatcher ackBatcher,
      LeaseRenewer leases,
      RedisOutageMonitor outage,
      BooleanSupplier stopping,
      AtomicInteger activeHandlers) {
    this.listenerId = listenerId;
    this.queue = queue;
    this.listener = listener;
    this.settings = settings;
    this.errorHandler = errorHandler;
    this.ackBatcher = ackBatcher;
    this.leases = leases;
    this.outage = outage;
    this.stopping = stopping;
    this.activeHandlers = activeHandlers;
  }

  /** Handles the item; never throws. */
  void handle(Fetched fetched) {
    SafeRedisQueueItem item = fetched.item();
    guarded(
        List.of(item),
        () -> {
          if (deadLetteredAsVanished(item)) {
            return;
          }
          Throwable failure =
              failureOf(
                  () ->
                      ListenerObservations.invoke(
                          listener,
                          item,
                          listenerId,
                          queue,
                          settings.observationRegistry(),
                          settings.observationConvention(),
                          fetched.headers()));
          if (failure == null) {
            ack(item);
          } else {
            handleFailure(item, failure);
          }
        });
  }

  /**
   * Runs a worker's job on these items with what every job needs: it counts as an active handler,
   * the items' leases are renewed while it runs, and whatever it throws unexpectedly is logged, so
   * the worker survives. Never throws.
   */
  void guarded(List<SafeRedisQueueItem> items, Runnable job) {
    activeHandlers.incrementAndGet();
    items.forEach(each -> leases.started(each.uid()));
    try {
      job.run();
    } catch (RuntimeException | Error ex) {
      logger.error("Listener '" + listenerId + "': unexpected worker failure", ex);
    } finally {
      items.forEach(each -> leases.ended(each.uid()));
      activeHandlers.decrementAndGet();
    }
  }

  /**
   * What the listener's call threw, Errors included (a failure of these items only), or null when
   * it returned.
   */
  static @Nullable Throwable failureOf(Observation.CheckedRunnable<Exception> call) {
    try {
      call.run();
      return null;
    } catch (Throwable ex) {
      return ex;
    }
  }

  /**
   * Dead-letters the item when it was delivered more often than the maximum without ack or fail
   * (its consumers kept dying); returns whether it did, so that no handler runs it.
   */
  boolean deadLetteredAsVanished(SafeRedisQueueItem item) {
    int max = settings.maxDeliveries();
    if (max <= 0 || item.deliveries() <= max) {
      return false;
    }
    deadLetterVanished(item, max);
    return true;
  }

  private void deadLetterVanished(SafeRedisQueueItem item, int max) {
    String reason =
        "delivered " + item.deliveries() + " times without ack or fail (max " + max + ")";
    try {
      queue.deadLetter(item.uid(), reason);
      logger.warn("Listener '" + listenerId + "' dead-lettered item " + item.uid() + ": " + reason);
    } catch (RuntimeException ex) {
      outage.failed(ex);
    }
  }

  private void ack(SafeRedisQueueItem item) {
    AckBatcher batcher = ackBatcher;
    if (batcher != null) {
      batcher.ack(item.uid());
      return;
    }
    RedisOutageMonitor.Recovery recovery = outage.recovery();
    while (true) {
      try {
        queue.ack(item.uid());
        outage.answered();
        return;
      } catch (RuntimeException ex) {
        outage.failed(ex);
        if (stopping.getAsBoolean()) {
          logger.warn(
              "Listener '"
                  + listenerId
                  + "' could not ack item "
                  + item.uid()
                  + " while stopping; it stays in flight and autoclean delivers it again");
          return;
        }
        recovery.await();
      }
    }
  }

  /** Hands the failed item to the error handler; never throws. */
  void handleFailure(SafeRedisQueueItem item, Throwable failure) {
    ListenerExecutionFailedException error =
        new ListenerExecutionFailedException(listenerId, queue.name(), item.uid(), failure);
    try {
      errorHandler.handleError(item, error, queue);
    } catch (Throwable ex) {
      logger.error(
          "Error handler of listener '"
              + listenerId
              + "' failed for item "
              + item.uid()
              + " of queue '"
              + queue.name()
              + "'; the item stays in flight and autoclean delivers it again",
          ex);
    }
  }
}

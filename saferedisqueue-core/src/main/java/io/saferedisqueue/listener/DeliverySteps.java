package io.saferedisqueue.listener;

import io.micrometer.observation.Observation;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.api.ListenerExecutionFailedException;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The steps a worker's job takes on the items it runs, the same for one item and for a batch
 * ({@link ItemHandler}, {@link BatchHandler}): counting the job as active and renewing its items'
 * leases, dead-lettering an item delivered too often without ack or fail, acking (batched when an
 * {@link AckBatcher} is given), and handing a failed item to the error handler.
 */
final class DeliverySteps {

  private static final Log logger = LogFactory.getLog(DeliverySteps.class);

  /** An item fetched and not yet started, with the trace headers of its batch when observed. */
  record Fetched(SafeRedisQueueItem item, ListenerObservations.@Nullable BatchHeaders headers) {}

  private final String listenerId;
  private final SafeRedisQueue queue;
  private final SafeQueueListenerSettings settings;
  private final SafeQueueErrorHandler errorHandler;
  private final @Nullable AckBatcher ackBatcher;
  private final LeaseRenewer leases;
  private final RedisOutageMonitor outage;
  private final BooleanSupplier stopping;
  private final AtomicInteger activeHandlers;

  DeliverySteps(
      String listenerId,
      SafeRedisQueue queue,
      SafeQueueListenerSettings settings,
      SafeQueueErrorHandler errorHandler,
      @Nullable AckBatcher ackBatcher,
      LeaseRenewer leases,
      RedisOutageMonitor outage,
      BooleanSupplier stopping,
      AtomicInteger activeHandlers) {
    this.listenerId = listenerId;
    this.queue = queue;
    this.settings = settings;
    this.errorHandler = errorHandler;
    this.ackBatcher = ackBatcher;
    this.leases = leases;
    this.outage = outage;
    this.stopping = stopping;
    this.activeHandlers = activeHandlers;
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

  /** Acks the item, through the ack batcher when there is one; retries through an outage. */
  void ack(SafeRedisQueueItem item) {
    AckBatcher batcher = ackBatcher;
    if (batcher != null) {
      batcher.ack(item.uid());
    } else {
      ackAll(List.of(item));
    }
  }

  /** Acks the items in one round trip, retrying through an outage unless the container stops. */
  void ackAll(List<SafeRedisQueueItem> items) {
    List<String> uids = items.stream().map(SafeRedisQueueItem::uid).toList();
    RedisOutageMonitor.Recovery recovery = outage.recovery();
    while (true) {
      try {
        queue.ackAll(uids);
        outage.answered();
        return;
      } catch (RuntimeException ex) {
        outage.failed(ex);
        if (stopping.getAsBoolean()) {
          logger.warn(
              "Listener '"
                  + listenerId
                  + "' could not ack "
                  + (uids.size() == 1 ? "item " + uids.get(0) : uids.size() + " items")
                  + " while stopping; autoclean delivers "
                  + (uids.size() == 1 ? "it" : "them")
                  + " again");
          return;
        }
        recovery.await();
      }
    }
  }

  /** Id of the listener, for log lines. */
  String listenerId() {
    return listenerId;
  }

  /** The queue the items came from. */
  SafeRedisQueue queue() {
    return queue;
  }

  /** The settings of the run. */
  SafeQueueListenerSettings settings() {
    return settings;
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

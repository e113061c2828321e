package io.saferedisqueue.listener;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.DeliverySteps.Fetched;
import io.saferedisqueue.listener.api.SafeQueueBatchFailedException;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs a batch listener on the items a worker took, on that worker: dead-letters items delivered
 * too often without ack or fail, invokes the listener once for the others (one observation), then
 * acks them all in one round trip when it returned; when it threw, hands every item to the error
 * handler, or, for a {@link SafeQueueBatchFailedException}, only the items it names and acks the
 * others. Each item keeps its own delivery count, so the error handler's retry and dead-letter
 * rules apply per item. The per-item steps (dead-lettering, acking, error handling) are {@link
 * DeliverySteps}'.
 */
final class BatchHandler {

  private static final Log logger = LogFactory.getLog(BatchHandler.class);

  private final String listenerId;
  private final SafeRedisQueue queue;
  private final SafeQueueBatchListener listener;
  private final SafeQueueListenerSettings settings;
  private final DeliverySteps items;

  BatchHandler(SafeQueueBatchListener listener, DeliverySteps items) {
    this.listenerId = items.listenerId();
    this.queue = items.queue();
    this.listener = listener;
    this.settings = items.settings();
    this.items = items;
  }

  /** Handles the batch; never throws. */
  void handle(List<Fetched> fetched) {
    // Every item of the batch is kept from autoclean while the batch runs, not only the first.
    items.guarded(
        fetched.stream().map(Fetched::item).toList(),
        () -> {
          List<SafeRedisQueueItem> batch = new ArrayList<>(fetched.size());
          Fetched first = null;
          for (Fetched each : fetched) {
            if (!items.deadLetteredAsVanished(each.item())) {
              batch.add(each.item());
              first = first == null ? each : first;
            }
          }
          if (first == null) {
            return;
          }
          List<SafeRedisQueueItem> view = List.copyOf(batch);
          ListenerObservations.@Nullable BatchHeaders headers = first.headers();
          Throwable failure =
              DeliverySteps.failureOf(
                  () ->
                      ListenerObservations.invokeBatch(
                          listener,
                          view,
                          listenerId,
                          queue,
                          settings.observationRegistry(),
                          settings.observationConvention(),
                          headers));
          if (failure == null) {
            items.ackAll(view);
          } else {
            handleFailure(view, failure);
          }
        });
  }

  private void handleFailure(List<SafeRedisQueueItem> batch, Throwable failure) {
    Map<Integer, Throwable> failed = failedItems(batch, failure);
    if (failed == null) {
      batch.forEach(item -> items.handleFailure(item, failure));
      return;
    }
    List<SafeRedisQueueItem> succeeded = new ArrayList<>(batch.size() - failed.size());
    for (int i = 0; i < batch.size(); i++) {
      Throwable cause = failed.get(i);
      if (cause == null) {
        succeeded.add(batch.get(i));
      }
    }
    if (!succeeded.isEmpty()) {
      items.ackAll(succeeded);
    }
    failed.forEach((index, cause) -> items.handleFailure(batch.get(index), cause));
  }

  /**
   * The failed items a {@link SafeQueueBatchFailedException} names, or null when the whole batch
   * failed: another exception, or one naming an index the batch does not have (then it is unknown
   * which items were processed, and acking none is the safe side).
   */
  private @Nullable Map<Integer, Throwable> failedItems(
      List<SafeRedisQueueItem> batch, Throwable failure) {
    if (!(failure instanceof SafeQueueBatchFailedException partial)) {
      return null;
    }
    Map<Integer, Throwable> failed = partial.getFailures();
    for (int index : failed.keySet()) {
      if (index >= batch.size()) {
        logger.error(
            "Listener '"
                + listenerId
                + "' named failed index "
                + index
                + " of a batch of "
                + batch.size()
                + " item(s) (indexes 0 to "
                + (batch.size() - 1)
                + "); the whole batch is treated as failed",
            failure);
        return null;
      }
    }
    return failed;
  }
}

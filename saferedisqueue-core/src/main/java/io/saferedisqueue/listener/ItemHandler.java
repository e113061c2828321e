package io.saferedisqueue.listener;

import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.DeliverySteps.Fetched;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.util.List;

/**
 * Runs an item listener on the one item a worker took, on that worker: dead-letters it when it was
 * delivered too often without ack or fail, invokes the listener (observed), acks the item when it
 * returned and hands it to the error handler when it threw (the steps are {@link DeliverySteps}').
 */
final class ItemHandler {

  private final SafeQueueItemListener listener;
  private final DeliverySteps steps;

  ItemHandler(SafeQueueItemListener listener, DeliverySteps steps) {
    this.listener = listener;
    this.steps = steps;
  }

  /** Handles the one item of the list; never throws. */
  void handle(List<Fetched> taken) {
    Fetched fetched = taken.get(0);
    SafeRedisQueueItem item = fetched.item();
    steps.guarded(
        List.of(item),
        () -> {
          if (steps.deadLetteredAsVanished(item)) {
            return;
          }
          SafeQueueListenerSettings settings = steps.settings();
          Throwable failure =
              DeliverySteps.failureOf(
                  () ->
                      ListenerObservations.invoke(
                          listener,
                          item,
                          steps.listenerId(),
                          steps.queue(),
                          settings.observationRegistry(),
                          settings.observationConvention(),
                          fetched.headers()));
          if (failure == null) {
            steps.ack(item);
          } else {
            steps.handleFailure(item, failure);
          }
        });
  }
}

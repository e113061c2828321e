package io.saferedisqueue.listener;

import io.saferedisqueue.listener.DeliverySteps.Fetched;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a container calls with what a worker took: an item listener with one item, or a batch
 * listener with up to {@link SafeQueueListenerSettings#consumerBatchSize()} items. The container,
 * its run, the fetcher and the workers treat both alike; only the handler differs, and both
 * handlers take their per-item steps from the same {@link DeliverySteps}.
 */
sealed interface ListenerAdapter {

  /** Most items a worker hands to one call. */
  int itemsPerCall(SafeQueueListenerSettings settings);

  /** The worker's job for what it took, on the run's steps. */
  Consumer<List<Fetched>> handler(DeliverySteps steps);

  /** How the start-up line describes the calls, empty for single items. */
  String describe(SafeQueueListenerSettings settings);

  /** One item per call. */
  record Items(SafeQueueItemListener listener) implements ListenerAdapter {

    @Override
    public int itemsPerCall(SafeQueueListenerSettings settings) {
      return 1;
    }

    @Override
    public Consumer<List<Fetched>> handler(DeliverySteps steps) {
      return new ItemHandler(listener, steps)::handle;
    }

    @Override
    public String describe(SafeQueueListenerSettings settings) {
      return "";
    }
  }

  /** A batch per call. */
  record Batches(SafeQueueBatchListener listener) implements ListenerAdapter {

    @Override
    public int itemsPerCall(SafeQueueListenerSettings settings) {
      return settings.consumerBatchSize();
    }

    @Override
    public Consumer<List<Fetched>> handler(DeliverySteps steps) {
      return new BatchHandler(listener, steps)::handle;
    }

    @Override
    public String describe(SafeQueueListenerSettings settings) {
      return " taking batches of up to " + settings.consumerBatchSize() + " items";
    }
  }
}

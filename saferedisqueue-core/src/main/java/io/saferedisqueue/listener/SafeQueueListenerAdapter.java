package io.saferedisqueue.listener;

import io.saferedisqueue.listener.DeliverySteps.Fetched;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a container calls with what a worker took: an item listener with one item, or a batch
 * listener with up to {@link SafeQueueListenerSettings#consumerBatchSize()} items. An endpoint
 * creates one ({@link SafeQueueListenerEndpoint#createListener}); a container takes one ({@link
 * SafeQueueListenerContainer#create}). The container, its fetcher and its workers treat both alike;
 * only the handler differs, and both handlers take their per-item steps (dead-lettering, acking,
 * error handling) from the same place.
 */
public abstract sealed class SafeQueueListenerAdapter {

  private SafeQueueListenerAdapter() {}

  /** An adapter that calls the listener with one item at a time. */
  public static SafeQueueListenerAdapter forItems(SafeQueueItemListener listener) {
    return new Items(Objects.requireNonNull(listener, "listener"));
  }

  /** An adapter that calls the listener with a batch of items at a time. */
  public static SafeQueueListenerAdapter forBatches(SafeQueueBatchListener listener) {
    return new Batches(Objects.requireNonNull(listener, "listener"));
  }

  /** Whether the listener takes batches. */
  public abstract boolean isBatch();

  /** Most items a worker hands to one call. */
  abstract int itemsPerCall(SafeQueueListenerSettings settings);

  /** The worker's job for what it took, on the run's steps. */
  abstract Consumer<List<Fetched>> handler(DeliverySteps steps);

  /** How the start-up line describes the calls, empty for single items. */
  abstract String describe(SafeQueueListenerSettings settings);

  private static final class Items extends SafeQueueListenerAdapter {

    private final SafeQueueItemListener listener;

    Items(SafeQueueItemListener listener) {
      this.listener = listener;
    }

    @Override
    public boolean isBatch() {
      return false;
    }

    @Override
    int itemsPerCall(SafeQueueListenerSettings settings) {
      return 1;
    }

    @Override
    Consumer<List<Fetched>> handler(DeliverySteps steps) {
      return new ItemHandler(listener, steps)::handle;
    }

    @Override
    String describe(SafeQueueListenerSettings settings) {
      return "";
    }
  }

  private static final class Batches extends SafeQueueListenerAdapter {

    private final SafeQueueBatchListener listener;

    Batches(SafeQueueBatchListener listener) {
      this.listener = listener;
    }

    @Override
    public boolean isBatch() {
      return true;
    }

    @Override
    int itemsPerCall(SafeQueueListenerSettings settings) {
      return settings.consumerBatchSize();
    }

    @Override
    Consumer<List<Fetched>> handler(DeliverySteps steps) {
      return new BatchHandler(listener, steps)::handle;
    }

    @Override
    String describe(SafeQueueListenerSettings settings) {
      return " taking batches of up to " + settings.consumerBatchSize() + " items";
    }
  }
}

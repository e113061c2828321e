package io.saferedisqueue.listener;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import io.saferedisqueue.observation.DefaultSafeQueueListenerObservationConvention;
import io.saferedisqueue.observation.SafeQueueListenerObservationContext;
import io.saferedisqueue.observation.SafeQueueListenerObservationConvention;
import io.saferedisqueue.observation.SafeRedisQueueObservation;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The observation side of {@link SafeQueueListenerContainer}, kept apart from the consumer loop:
 * the observation around each listener invocation, and the lazy lookup of the items' trace context.
 */
final class ListenerObservations {

  private static final Log logger = LogFactory.getLog(ListenerObservations.class);

  private ListenerObservations() {}

  /**
   * Calls the listener, inside a listener observation unless the registry is the no-op one; what
   * the listener throws is recorded as the observation's error and thrown on.
   */
  static void invoke(
      SafeQueueItemListener listener,
      SafeRedisQueueItem item,
      String listenerId,
      SafeRedisQueue queue,
      ObservationRegistry registry,
      @Nullable SafeQueueListenerObservationConvention convention,
      @Nullable BatchHeaders headers)
      throws Exception {
    observe(item, listenerId, queue, registry, convention, headers, () -> listener.onItem(item));
  }

  /**
   * Calls the batch listener, inside one listener observation for the whole batch unless the
   * registry is the no-op one. The observation's context is the first item's (its uid, delivery
   * count and trace context, so the span continues the trace of that item's push); its timer
   * therefore measures the batch listener's call, one sample per batch.
   */
  static void invokeBatch(
      SafeQueueBatchListener listener,
      List<SafeRedisQueueItem> items,
      String listenerId,
      SafeRedisQueue queue,
      ObservationRegistry registry,
      @Nullable SafeQueueListenerObservationConvention convention,
      @Nullable BatchHeaders headers)
      throws Exception {
    observe(
        items.get(0),
        listenerId,
        queue,
        registry,
        convention,
        headers,
        () -> listener.onBatch(items));
  }

  /** Runs the call inside an observation whose context is this item's. */
  private static void observe(
      SafeRedisQueueItem item,
      String listenerId,
      SafeRedisQueue queue,
      ObservationRegistry registry,
      @Nullable SafeQueueListenerObservationConvention convention,
      @Nullable BatchHeaders headers,
      Observation.CheckedRunnable<Exception> call)
      throws Exception {
    if (registry.isNoop()) {
      call.run();
      return;
    }
    Map<String, String> carrier = headers != null ? headers.forItem(item.uid()) : Map.of();
    SafeQueueListenerObservationContext context =
        new SafeQueueListenerObservationContext(
            listenerId, queue.name(), item.uid(), item.deliveries(), carrier);
    SafeRedisQueueObservation.LISTENER
        .observation(
            convention,
            DefaultSafeQueueListenerObservationConvention.INSTANCE,
            () -> context,
            registry)
        .observeChecked(call);
  }

  /**
   * The trace context of a fetched batch, read from the queue's headers hash in one round trip the
   * first time an item's context is looked up, so observations without a tracing handler (a meter
   * handler only) cost no Redis call. Used by one consumer thread.
   */
  static final class BatchHeaders {

    private final SafeRedisQueue queue;
    private final List<String> uids;
    private @Nullable Map<String, Map<String, String>> fetched;

    BatchHeaders(SafeRedisQueue queue, List<SafeRedisQueueItem> batch) {
      this.queue = queue;
      this.uids = batch.stream().map(SafeRedisQueueItem::uid).toList();
    }

    /** The item's headers, as a map that reads the batch's headers on its first use. */
    Map<String, String> forItem(String uid) {
      return new LazyHeaders(this, uid);
    }

    Map<String, String> get(String uid) {
      Map<String, Map<String, String>> all = fetched;
      if (all == null) {
        all = new HashMap<>();
        try {
          List<Map<String, String>> values = queue.admin().headers(uids);
          for (int i = 0; i < uids.size() && i < values.size(); i++) {
            all.put(uids.get(i), values.get(i));
          }
        } catch (RuntimeException ex) {
          // Without its trace context the item's observation starts a new trace.
          if (logger.isDebugEnabled()) {
            logger.debug(
                "Cannot read the trace context of items of queue '"
                    + queue.name()
                    + "': "
                    + ex.getMessage());
          }
        }
        fetched = all;
      }
      return all.getOrDefault(uid, Map.of());
    }
  }

  /** One item's headers, read on the first access. */
  private static final class LazyHeaders extends AbstractMap<String, String> {

    private final BatchHeaders batch;
    private final String uid;

    LazyHeaders(BatchHeaders batch, String uid) {
      this.batch = batch;
      this.uid = uid;
    }

    @Override
    public @Nullable String get(Object key) {
      return batch.get(uid).get(key);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return batch.get(uid).entrySet();
    }
  }
}

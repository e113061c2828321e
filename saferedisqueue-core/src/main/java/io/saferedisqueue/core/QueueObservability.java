package io.saferedisqueue.core;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.core.redis.SafeRedisQueueHeaders;
import io.saferedisqueue.core.support.PushObserver;
import io.saferedisqueue.observation.DefaultSafeRedisQueuePushObservationConvention;
import io.saferedisqueue.observation.SafeRedisQueueObservation;
import io.saferedisqueue.observation.SafeRedisQueuePushContext;
import io.saferedisqueue.observation.SafeRedisQueuePushObservationConvention;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The metrics and tracing side of {@link SafeRedisQueue}'s operations, kept apart from the queue's
 * own logic: the push observation and the header lines it stores with the items.
 */
final class QueueObservability implements PushObserver {

  /** Header lines of a push without trace context. */
  static final byte[] NO_HEADERS = PushObserver.NO_HEADERS;

  private final String queueName;
  private final ObservationRegistry observationRegistry;
  private final @Nullable SafeRedisQueuePushObservationConvention convention;
  private final boolean recordPushTime;

  QueueObservability(
      String queueName,
      ObservationRegistry observationRegistry,
      @Nullable SafeRedisQueuePushObservationConvention convention,
      boolean recordPushTime) {
    this.queueName = queueName;
    this.observationRegistry = observationRegistry;
    this.convention = convention;
    this.recordPushTime = recordPushTime;
  }

  boolean isObserved() {
    return !observationRegistry.isNoop();
  }

  @Override
  public boolean recordPushTime() {
    return recordPushTime;
  }

  /**
   * Runs a push: directly when pushes are not observed, else inside a push observation, whose
   * tracing handler fills the context's carrier with the trace context when it starts.
   *
   * @param count number of items
   * @param send runs the push with these header lines ({@link #NO_HEADERS} when there is no trace
   *     context to store)
   */
  @Override
  public void push(int count, Consumer<byte[]> send) {
    if (observationRegistry.isNoop()) {
      send.accept(NO_HEADERS);
      return;
    }
    SafeRedisQueuePushContext context = new SafeRedisQueuePushContext(queueName, count);
    pushObservation(context).observe(() -> send.accept(headers(context)));
  }

  /**
   * Runs an asynchronous push of one item: directly when pushes are not observed, else inside a
   * push observation that starts now, in the calling thread, and stops when the push completes.
   *
   * @param send starts the push with these header lines
   */
  @Override
  public CompletableFuture<Void> pushAsync(Function<byte[], CompletableFuture<Void>> send) {
    if (observationRegistry.isNoop()) {
      return send.apply(NO_HEADERS);
    }
    SafeRedisQueuePushContext context = new SafeRedisQueuePushContext(queueName, 1);
    Observation observation = pushObservation(context).start();
    CompletableFuture<Void> sent;
    try {
      sent = observation.scoped(() -> send.apply(headers(context)));
    } catch (RuntimeException ex) {
      observation.error(ex);
      observation.stop();
      throw ex;
    }
    return sent.whenComplete(
        (stored, error) -> {
          if (error != null) {
            observation.error(error);
          }
          observation.stop();
        });
  }

  private Observation pushObservation(SafeRedisQueuePushContext context) {
    return SafeRedisQueueObservation.PUSH.observation(
        convention,
        DefaultSafeRedisQueuePushObservationConvention.INSTANCE,
        () -> context,
        observationRegistry);
  }

  private static byte[] headers(SafeRedisQueuePushContext context) {
    Map<String, String> carrier = context.getCarrier();
    return carrier == null || carrier.isEmpty()
        ? NO_HEADERS
        : SafeRedisQueueHeaders.encode(carrier);
  }
}

package io.saferedisqueue.core;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.observation.DefaultSafeRedisQueuePushObservationConvention;
import io.saferedisqueue.observation.SafeRedisQueueObservation;
import io.saferedisqueue.observation.SafeRedisQueuePushContext;
import io.saferedisqueue.observation.SafeRedisQueuePushObservationConvention;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The metrics and tracing side of {@link SafeRedisQueue}'s operations, kept apart from the queue's
 * own logic: the push observation with its headers, and the counting of script replies.
 */
final class QueueObservability {

  private static final byte[] NO_HEADERS = new byte[0];

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

  /**
   * Pushes with the plain script unless there is something to store in the headers hash (a trace
   * context, or the push time), so an unobserved push costs exactly what it did; an observed push
   * runs inside its observation, whose tracing handler fills the carrier when it starts.
   *
   * @param args the push script's arguments: delay, then uid and payload pairs
   * @param count number of items
   * @param plain runs the plain push script with {@code args}
   * @param withHeaders runs the push script with headers with the arguments it is given
   */
  void push(Object[] args, int count, Runnable plain, Consumer<Object[]> withHeaders) {
    if (observationRegistry.isNoop()) {
      pushWith(args, NO_HEADERS, plain, withHeaders);
      return;
    }
    SafeRedisQueuePushContext context = new SafeRedisQueuePushContext(queueName, count);
    SafeRedisQueueObservation.PUSH
        .observation(
            convention,
            DefaultSafeRedisQueuePushObservationConvention.INSTANCE,
            () -> context,
            observationRegistry)
        .observe(
            () -> {
              Map<String, String> carrier = context.getCarrier();
              byte[] headers =
                  carrier == null || carrier.isEmpty()
                      ? NO_HEADERS
                      : SafeRedisQueueHeaders.encode(carrier);
              pushWith(args, headers, plain, withHeaders);
            });
  }

  private void pushWith(
      Object[] args, byte[] headers, Runnable plain, Consumer<Object[]> withHeaders) {
    if (headers.length == 0 && !recordPushTime) {
      plain.run();
      return;
    }
    Object[] extended = new Object[args.length + 1];
    extended[0] = args[0];
    extended[1] = headers;
    System.arraycopy(args, 1, extended, 2, args.length - 1);
    withHeaders.accept(extended);
  }

  /** Reports delivered items and those the pop script dead-lettered (its reply's last element). */
  static void recordDelivered(
      SafeRedisQueueMetrics.Recorder recorder, @Nullable List<?> reply, int delivered) {
    if (delivered > 0) {
      recorder.delivered(delivered);
    }
    if (reply != null && reply.size() % 3 == 1) {
      int dead = ((Number) reply.get(reply.size() - 1)).intValue();
      if (dead > 0) {
        recorder.deadLettered(dead);
      }
    }
  }

  /** Reports failed (requeued or delayed) and dead-lettered outcomes. */
  static void recordFailed(SafeRedisQueueMetrics.Recorder recorder, List<FailOutcome> outcomes) {
    int failed = 0;
    int dead = 0;
    for (FailOutcome outcome : outcomes) {
      if (outcome == FailOutcome.REQUEUED || outcome == FailOutcome.DELAYED) {
        failed++;
      } else if (outcome == FailOutcome.DEAD_LETTERED) {
        dead++;
      }
    }
    if (failed > 0) {
      recorder.failed(failed);
    }
    if (dead > 0) {
      recorder.deadLettered(dead);
    }
  }
}

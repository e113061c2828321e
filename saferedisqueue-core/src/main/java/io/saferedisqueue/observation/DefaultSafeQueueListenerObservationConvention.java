package io.saferedisqueue.observation;

import io.micrometer.common.KeyValues;
import io.saferedisqueue.observation.SafeRedisQueueObservation.ListenerHighCardinalityKeyNames;
import io.saferedisqueue.observation.SafeRedisQueueObservation.ListenerLowCardinalityKeyNames;

/**
 * The default convention of listener observations: named {@value #NAME} (so the timer a meter
 * handler makes of it is {@code saferedisqueue.listener}, in the spirit of Spring Boot's {@code
 * spring.rabbitmq.listener}), contextual name {@code "<queue> receive"}, tagged with {@code queue},
 * {@code listener.id}, {@code result} ({@code success} or {@code failure}) and {@code exception}
 * (the simple class name of what the listener threw, or {@code none}).
 */
public class DefaultSafeQueueListenerObservationConvention
    implements SafeQueueListenerObservationConvention {

  /** Name of the observation, and of its timer. */
  public static final String NAME = "saferedisqueue.listener";

  /** A shared instance. */
  public static final DefaultSafeQueueListenerObservationConvention INSTANCE =
      new DefaultSafeQueueListenerObservationConvention();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(SafeQueueListenerObservationContext context) {
    return context.getQueueName() + " receive";
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(SafeQueueListenerObservationContext context) {
    Throwable error = context.getError();
    return KeyValues.of(
        ListenerLowCardinalityKeyNames.QUEUE.withValue(context.getQueueName()),
        ListenerLowCardinalityKeyNames.LISTENER_ID.withValue(context.getListenerId()),
        ListenerLowCardinalityKeyNames.RESULT.withValue(error == null ? "success" : "failure"),
        ListenerLowCardinalityKeyNames.EXCEPTION.withValue(
            error == null ? "none" : exceptionName(error)));
  }

  private static String exceptionName(Throwable error) {
    String simple = error.getClass().getSimpleName();
    return simple.isEmpty() ? error.getClass().getName() : simple;
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(SafeQueueListenerObservationContext context) {
    return KeyValues.of(
        ListenerHighCardinalityKeyNames.ITEM_UID.withValue(context.getUid()),
        ListenerHighCardinalityKeyNames.DELIVERIES.withValue(
            Integer.toString(context.getDeliveries())));
  }
}

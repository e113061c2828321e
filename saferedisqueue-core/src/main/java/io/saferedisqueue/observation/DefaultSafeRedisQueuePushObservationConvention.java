package io.saferedisqueue.observation;

import io.micrometer.common.KeyValues;
import io.saferedisqueue.observation.SafeRedisQueueObservation.PushHighCardinalityKeyNames;
import io.saferedisqueue.observation.SafeRedisQueueObservation.PushLowCardinalityKeyNames;

/**
 * The default convention of push observations: named {@value #NAME}, contextual name {@code
 * "<queue> send"}, tagged with the queue.
 */
public class DefaultSafeRedisQueuePushObservationConvention
    implements SafeRedisQueuePushObservationConvention {

  /** Name of the observation, and of its timer. */
  public static final String NAME = "saferedisqueue.push";

  /** A shared instance. */
  public static final DefaultSafeRedisQueuePushObservationConvention INSTANCE =
      new DefaultSafeRedisQueuePushObservationConvention();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(SafeRedisQueuePushContext context) {
    return context.getQueueName() + " send";
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(SafeRedisQueuePushContext context) {
    return KeyValues.of(PushLowCardinalityKeyNames.QUEUE.withValue(context.getQueueName()));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(SafeRedisQueuePushContext context) {
    return KeyValues.of(
        PushHighCardinalityKeyNames.ITEM_COUNT.withValue(Integer.toString(context.getItemCount())));
  }
}

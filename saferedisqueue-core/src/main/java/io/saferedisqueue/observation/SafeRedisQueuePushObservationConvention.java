package io.saferedisqueue.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Convention of {@link SafeRedisQueueObservation#PUSH push observations}; implement to customize.
 */
public interface SafeRedisQueuePushObservationConvention
    extends ObservationConvention<SafeRedisQueuePushContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof SafeRedisQueuePushContext;
  }
}

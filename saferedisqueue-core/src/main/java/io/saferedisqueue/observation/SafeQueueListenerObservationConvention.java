package io.saferedisqueue.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Convention of {@link SafeRedisQueueObservation#LISTENER listener observations}; implement to
 * customize.
 */
public interface SafeQueueListenerObservationConvention
    extends ObservationConvention<SafeQueueListenerObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof SafeQueueListenerObservationContext;
  }
}

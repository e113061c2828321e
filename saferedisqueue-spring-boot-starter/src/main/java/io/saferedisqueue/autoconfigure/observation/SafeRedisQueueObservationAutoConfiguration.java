package io.saferedisqueue.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.autoconfigure.SafeQueueListenerContainerFactoryCustomizer;
import io.saferedisqueue.autoconfigure.SafeRedisQueueBuilderCustomizer;
import io.saferedisqueue.observation.SafeQueueListenerObservationConvention;
import io.saferedisqueue.observation.SafeRedisQueuePushObservationConvention;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the observations of saferedisqueue, when the application has an {@link
 * ObservationRegistry}: every push of the auto-configured factory's queues is a {@code
 * saferedisqueue.push} observation, and every invocation of a listener of the default container
 * factory a {@code saferedisqueue.listener} observation. With Spring Boot's metrics they become
 * timers (tagged queue, listener.id, result, exception for listeners); with tracing, producer and
 * consumer spans, the consumer continuing the producer's trace through the queue's headers hash. A
 * {@link SafeRedisQueuePushObservationConvention} or {@link SafeQueueListenerObservationConvention}
 * bean replaces the default convention. Off with {@code saferedisqueue.observation.enabled=false}.
 */
// The customizers are looked up when queues and the container factory are created, so no order
// relative to the queue and listener auto-configurations is needed.
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, SafeRedisQueuePushObservationConvention.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "saferedisqueue.observation.enabled", matchIfMissing = true)
public final class SafeRedisQueueObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "safeRedisQueueObservationCustomizer")
  SafeRedisQueueBuilderCustomizer safeRedisQueueObservationCustomizer(
      ObservationRegistry observationRegistry,
      ObjectProvider<SafeRedisQueuePushObservationConvention> convention) {
    return (name, builder) ->
        builder
            .observationRegistry(observationRegistry)
            .observationConvention(convention.getIfUnique());
  }

  @Bean
  @ConditionalOnMissingBean(name = "safeQueueListenerObservationCustomizer")
  SafeQueueListenerContainerFactoryCustomizer safeQueueListenerObservationCustomizer(
      ObservationRegistry observationRegistry,
      ObjectProvider<SafeQueueListenerObservationConvention> convention) {
    return factory -> {
      factory.setObservationRegistry(observationRegistry);
      factory.setObservationConvention(convention.getIfUnique());
    };
  }
}

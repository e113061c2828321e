package io.saferedisqueue.autoconfigure.health;

import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueBuilderCustomizer;
import io.saferedisqueue.autoconfigure.SafeRedisQueueProperties;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueStatsCache;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code saferedisqueue} health contributor ({@link
 * SafeRedisQueueHealthIndicator}) over the auto-configured queue factory, with the thresholds of
 * {@code saferedisqueue.health.*}. Off with {@code management.health.saferedisqueue.enabled=false}.
 */
@AutoConfiguration(
    after = SafeRedisQueueAutoConfiguration.class,
    afterName = "io.saferedisqueue.autoconfigure.metrics.SafeRedisQueueMetricsAutoConfiguration",
    beforeName =
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnSingleCandidate(SafeRedisQueueFactory.class)
@ConditionalOnEnabledHealthIndicator("saferedisqueue")
@EnableConfigurationProperties(SafeRedisQueueProperties.class)
public final class SafeRedisQueueHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(
      name = {"saferedisqueueHealthIndicator", "saferedisqueueHealthContributor"})
  SafeRedisQueueHealthIndicator saferedisqueueHealthIndicator(
      SafeRedisQueueFactory queueFactory,
      SafeRedisQueueStatsCache cache,
      SafeRedisQueueProperties properties) {
    return new SafeRedisQueueHealthIndicator(queueFactory, cache, properties.getHealth());
  }

  // The same shared beans as the metrics auto-configuration defines, for applications without
  // Micrometer.
  @Bean
  @ConditionalOnMissingBean
  SafeRedisQueueStatsCache safeRedisQueueStatsCache(SafeRedisQueueProperties properties) {
    return new SafeRedisQueueStatsCache(properties.getMetrics().getSizesTimeToLive());
  }

  @Bean
  @ConditionalOnMissingBean(name = "safeRedisQueuePushTimeCustomizer")
  @ConditionalOnBooleanProperty(
      name = "saferedisqueue.metrics.record-push-time",
      matchIfMissing = true)
  SafeRedisQueueBuilderCustomizer safeRedisQueuePushTimeCustomizer() {
    return (name, builder) -> builder.recordPushTime(true);
  }
}

package io.saferedisqueue.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueBuilderCustomizer;
import io.saferedisqueue.autoconfigure.SafeRedisQueueProperties;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueMetrics;
import io.saferedisqueue.core.SafeRedisQueueStatsCache;
import io.saferedisqueue.micrometer.MicrometerSafeRedisQueueMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the queues' Micrometer meters, when the application has a {@link
 * MeterRegistry}: counters {@code saferedisqueue.items.*} and gauges {@code saferedisqueue.queue.*}
 * of every queue the auto-configured factory hands out, including queues it creates later (see
 * {@link MicrometerSafeRedisQueueMetrics}). The gauges read the queues' sizes through the shared
 * {@link SafeRedisQueueStatsCache} ({@code saferedisqueue.metrics.sizes-time-to-live}), so a scrape
 * costs at most one script per queue in that time; pushes record their time for the oldest-age
 * gauge unless {@code saferedisqueue.metrics.record-push-time=false}. Off with {@code
 * saferedisqueue.metrics.enabled=false}.
 *
 * <p>A factory of the application's own gets gauges for the queues it holds when the context has
 * started; its queues count items only if its builders are given the {@link SafeRedisQueueMetrics}
 * bean.
 */
@AutoConfiguration(
    after = SafeRedisQueueAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({MeterRegistry.class, MicrometerSafeRedisQueueMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "saferedisqueue.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SafeRedisQueueProperties.class)
public final class SafeRedisQueueMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SafeRedisQueueStatsCache safeRedisQueueStatsCache(SafeRedisQueueProperties properties) {
    return new SafeRedisQueueStatsCache(properties.getMetrics().getSizesTimeToLive());
  }

  @Bean
  @ConditionalOnMissingBean(SafeRedisQueueMetrics.class)
  MicrometerSafeRedisQueueMetrics safeRedisQueueMetrics(
      MeterRegistry meterRegistry, SafeRedisQueueStatsCache cache) {
    return new MicrometerSafeRedisQueueMetrics(meterRegistry, cache, java.util.List.of());
  }

  @Bean
  @ConditionalOnMissingBean(name = "safeRedisQueueMetricsCustomizer")
  SafeRedisQueueBuilderCustomizer safeRedisQueueMetricsCustomizer(SafeRedisQueueMetrics metrics) {
    return (name, builder) -> builder.metrics(metrics);
  }

  @Bean
  @ConditionalOnMissingBean(name = "safeRedisQueuePushTimeCustomizer")
  @ConditionalOnBooleanProperty(
      name = "saferedisqueue.metrics.record-push-time",
      matchIfMissing = true)
  SafeRedisQueueBuilderCustomizer safeRedisQueuePushTimeCustomizer() {
    return (name, builder) -> builder.recordPushTime(true);
  }

  /**
   * Gauges for the queues a factory already holds, such as those of an application's factory, and
   * the totals of its queues of several parts.
   */
  @Bean
  SmartInitializingSingleton safeRedisQueueGaugesBinder(
      ObjectProvider<SafeRedisQueueFactory> queueFactory,
      ObjectProvider<MicrometerSafeRedisQueueMetrics> metrics) {
    return () ->
        metrics.ifUnique(
            micrometer ->
                queueFactory.ifUnique(
                    factory -> {
                      factory.getQueues().forEach(micrometer::bindGauges);
                      factory.getLogicalQueues().forEach(micrometer::bindGauges);
                    }));
  }
}

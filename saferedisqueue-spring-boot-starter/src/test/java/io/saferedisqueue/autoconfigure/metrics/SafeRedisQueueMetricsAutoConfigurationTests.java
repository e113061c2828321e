package io.saferedisqueue.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueMetrics;
import io.saferedisqueue.core.SafeRedisQueueStatsCache;
import io.saferedisqueue.micrometer.MicrometerSafeRedisQueueMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The metrics auto-configuration's beans and when it backs off, without a Redis server. */
@ExtendWith(OutputCaptureExtension.class)
class SafeRedisQueueMetricsAutoConfigurationTests {

  // Port 1 has no Redis: building queues and registering meters must not touch Redis.
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class,
                  SafeRedisQueueAutoConfiguration.class,
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  SafeRedisQueueMetricsAutoConfiguration.class))
          .withPropertyValues(
              "spring.data.redis.port=1", "saferedisqueue.autoclean-job-enabled=false");

  @Test
  void everyQueueOfTheFactoryGetsCountersAndGauges(CapturedOutput output) {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(MicrometerSafeRedisQueueMetrics.class);
          assertThat(context.getBean(SafeRedisQueueStatsCache.class).timeToLive())
              .isEqualTo(Duration.ofSeconds(5));
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          // The default queue "0" exists from the start, a queue created later gets its meters too.
          assertThat(registry.find("saferedisqueue.items.pushed").tag("queue", "0").counter())
              .isNotNull();
          context.getBean(SafeRedisQueueFactory.class).getQueue("later");
          for (String name :
              new String[] {
                "saferedisqueue.queue.waiting",
                "saferedisqueue.queue.in.flight",
                "saferedisqueue.queue.delayed",
                "saferedisqueue.queue.dead",
                "saferedisqueue.queue.oldest.age"
              }) {
            assertThat(registry.find(name).gauges())
                .extracting(gauge -> gauge.getId().getTag("queue"))
                .containsExactlyInAnyOrder("0", "later");
          }
          for (String name :
              new String[] {
                "pushed", "delivered", "acked", "failed", "dead.lettered", "requeued"
              }) {
            assertThat(
                    registry.find("saferedisqueue.items." + name).tag("queue", "later").counter())
                .as(name)
                .isNotNull();
          }
          assertThat(context).hasBean("safeRedisQueuePushTimeCustomizer");
        });
    // Gauges are registered once per queue, not again at start-up.
    assertThat(output).doesNotContain("already registered");
  }

  @Test
  void propertiesSetTheCacheTimeAndThePushTime() {
    runner
        .withPropertyValues(
            "saferedisqueue.metrics.sizes-time-to-live=30s",
            "saferedisqueue.metrics.record-push-time=false")
        .run(
            context -> {
              assertThat(context.getBean(SafeRedisQueueStatsCache.class).timeToLive())
                  .isEqualTo(Duration.ofSeconds(30));
              assertThat(context).doesNotHaveBean("safeRedisQueuePushTimeCustomizer");
            });
  }

  @Test
  void aBadCacheTimeFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("saferedisqueue.metrics.sizes-time-to-live=0s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("saferedisqueue.metrics.sizes-time-to-live")
                    .hasMessageContaining("was 0s"));
  }

  @Test
  void backsOffWhenSwitchedOff() {
    runner
        .withPropertyValues("saferedisqueue.metrics.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SafeRedisQueueMetrics.class);
              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .find("saferedisqueue.items.pushed")
                          .counters())
                  .isEmpty();
            });
  }

  @Test
  void backsOffWithoutMicrometer() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class,
                SafeRedisQueueAutoConfiguration.class,
                SafeRedisQueueMetricsAutoConfiguration.class))
        .withPropertyValues(
            "spring.data.redis.port=1", "saferedisqueue.autoclean-job-enabled=false")
        .withBean(SimpleMeterRegistry.class)
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SafeRedisQueueMetrics.class);
              assertThat(context).hasSingleBean(SafeRedisQueueFactory.class);
            });
  }

  @Test
  void backsOffWithoutAMeterRegistry() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class,
                SafeRedisQueueAutoConfiguration.class,
                SafeRedisQueueMetricsAutoConfiguration.class))
        .withPropertyValues(
            "spring.data.redis.port=1", "saferedisqueue.autoclean-job-enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SafeRedisQueueMetrics.class);
            });
  }

  @Test
  void theApplicationsOwnMetricsAndCacheWin() {
    SafeRedisQueueMetrics own = name -> SafeRedisQueueMetrics.Recorder.NONE;
    SafeRedisQueueStatsCache cache = new SafeRedisQueueStatsCache(Duration.ofSeconds(1));
    runner
        .withBean("ownMetrics", SafeRedisQueueMetrics.class, () -> own)
        .withBean(SafeRedisQueueStatsCache.class, () -> cache)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(MicrometerSafeRedisQueueMetrics.class);
              assertThat(context.getBean(SafeRedisQueueMetrics.class)).isSameAs(own);
              assertThat(context.getBean(SafeRedisQueueStatsCache.class)).isSameAs(cache);
              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .find("saferedisqueue.items.pushed")
                          .counters())
                  .isEmpty();
            });
  }

  @Test
  void worksWithAPlainMeterRegistryBean() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class,
                SafeRedisQueueAutoConfiguration.class,
                SafeRedisQueueMetricsAutoConfiguration.class))
        .withPropertyValues(
            "spring.data.redis.port=1", "saferedisqueue.autoclean-job-enabled=false")
        .withBean(SimpleMeterRegistry.class)
        .run(
            context ->
                assertThat(
                        context
                            .getBean(SimpleMeterRegistry.class)
                            .find("saferedisqueue.queue.waiting")
                            .tag("queue", "0")
                            .gauge())
                    .isNotNull());
  }
}

package io.saferedisqueue.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueueStatsCache;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** When the health contributor exists, without a Redis server. */
class SafeRedisQueueHealthAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class,
                  SafeRedisQueueAutoConfiguration.class,
                  SafeRedisQueueHealthAutoConfiguration.class))
          .withPropertyValues(
              "spring.data.redis.port=1", "saferedisqueue.autoclean-job-enabled=false");

  @Test
  void contributesTheSaferedisqueueIndicatorWithoutMicrometer() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(SafeRedisQueueHealthIndicator.class);
          assertThat(context).hasBean("saferedisqueueHealthIndicator");
          assertThat(context).hasSingleBean(SafeRedisQueueStatsCache.class);
          assertThat(context).hasBean("safeRedisQueuePushTimeCustomizer");
        });
  }

  @Test
  void backsOffWhenTheIndicatorIsSwitchedOff() {
    runner
        .withPropertyValues("management.health.saferedisqueue.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SafeRedisQueueHealthIndicator.class));
  }

  @Test
  void backsOffWhenAllDefaultIndicatorsAreSwitchedOff() {
    runner
        .withPropertyValues("management.health.defaults.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SafeRedisQueueHealthIndicator.class));
  }

  @Test
  void backsOffWithoutSpringBootHealth() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SafeRedisQueueHealthIndicator.class);
            });
  }

  @Test
  void backsOffToAnIndicatorOfTheApplicationWithTheSameName() {
    HealthIndicator own = () -> Health.up().build();
    runner
        .withBean("saferedisqueueHealthIndicator", HealthIndicator.class, () -> own)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SafeRedisQueueHealthIndicator.class);
              assertThat(context.getBean("saferedisqueueHealthIndicator")).isSameAs(own);
            });
  }

  @Test
  void aNegativeThresholdFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("saferedisqueue.health.max-dead=-1")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("saferedisqueue.health.max-dead")
                    .hasMessageContaining("was -1"));
  }
}

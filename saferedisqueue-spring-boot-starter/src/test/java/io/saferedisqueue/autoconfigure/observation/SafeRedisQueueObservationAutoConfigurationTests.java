package io.saferedisqueue.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationTextPublisher;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeQueueListenerContainerFactoryCustomizer;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.SafeRedisQueue;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The observation auto-configuration hands the registry to queues and listener containers. */
class SafeRedisQueueObservationAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class,
                  ObservationAutoConfiguration.class,
                  SafeRedisQueueAutoConfiguration.class,
                  SafeQueueListenerAutoConfiguration.class,
                  SafeRedisQueueObservationAutoConfiguration.class))
          .withPropertyValues(
              "spring.data.redis.port=1", "saferedisqueue.autoclean-job-enabled=false")
          // A registry without handlers is a no-op one; Spring Boot adds the handler beans.
          .withBean(ObservationTextPublisher.class);

  @Test
  void queuesAndTheListenerContainerFactoryUseTheApplicationsRegistry() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          ObservationRegistry registry = context.getBean(ObservationRegistry.class);
          assertThat(context.getBean(SafeRedisQueue.class).admin().isObserved()).isTrue();
          assertThat(
                  context.getBean(SafeQueueListenerContainerFactory.class).getObservationRegistry())
              .isSameAs(registry);
        });
  }

  @Test
  void aRegistryOfTheApplicationIsUsedToo() {
    TestObservationRegistry own = TestObservationRegistry.create();
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class,
                SafeRedisQueueAutoConfiguration.class,
                SafeQueueListenerAutoConfiguration.class,
                SafeRedisQueueObservationAutoConfiguration.class))
        .withPropertyValues(
            "spring.data.redis.port=1", "saferedisqueue.autoclean-job-enabled=false")
        .withBean(ObservationRegistry.class, () -> own)
        .run(
            context ->
                assertThat(
                        context
                            .getBean(SafeQueueListenerContainerFactory.class)
                            .getObservationRegistry())
                    .isSameAs(own));
  }

  @Test
  void backsOffWhenSwitchedOff() {
    runner
        .withPropertyValues("saferedisqueue.observation.enabled=false")
        .run(
            context -> {
              assertThat(context.getBean(SafeRedisQueue.class).admin().isObserved()).isFalse();
              assertThat(
                      context
                          .getBean(SafeQueueListenerContainerFactory.class)
                          .getObservationRegistry())
                  .isSameAs(ObservationRegistry.NOOP);
              assertThat(context)
                  .doesNotHaveBean(SafeQueueListenerContainerFactoryCustomizer.class);
            });
  }

  @Test
  void backsOffWithoutARegistry() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class,
                SafeRedisQueueAutoConfiguration.class,
                SafeRedisQueueObservationAutoConfiguration.class))
        .withPropertyValues(
            "spring.data.redis.port=1", "saferedisqueue.autoclean-job-enabled=false")
        .run(
            context ->
                assertThat(context.getBean(SafeRedisQueue.class).admin().isObserved()).isFalse());
  }

  @Test
  void backsOffWithoutMicrometerObservation() {
    runner
        .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("safeRedisQueueObservationCustomizer");
              assertThat(context).doesNotHaveBean("safeQueueListenerObservationCustomizer");
            });
  }

  @Test
  void anApplicationCustomizerOfTheSameNameWins() {
    runner
        .withBean(
            "safeQueueListenerObservationCustomizer",
            SafeQueueListenerContainerFactoryCustomizer.class,
            () -> factory -> factory.setConcurrency(3))
        .run(
            context -> {
              SafeQueueListenerContainerFactory factory =
                  context.getBean(SafeQueueListenerContainerFactory.class);
              assertThat(factory.getObservationRegistry()).isSameAs(ObservationRegistry.NOOP);
            });
  }
}

package io.saferedisqueue.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The endpoint exists only where Actuator's exposure and access rules allow it. */
class SafeRedisQueueEndpointAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class,
                  SafeRedisQueueAutoConfiguration.class,
                  SafeQueueListenerAutoConfiguration.class,
                  SafeRedisQueueEndpointAutoConfiguration.class))
          .withPropertyValues(
              "spring.data.redis.port=1", "saferedisqueue.autoclean-job-enabled=false");

  @Test
  void notThereUnlessExposed() {
    runner.run(context -> assertThat(context).doesNotHaveBean(SafeRedisQueueEndpoint.class));
  }

  @Test
  void thereWhenExposedOverTheWeb() {
    runner
        .withPropertyValues("management.endpoints.web.exposure.include=health,saferedisqueue")
        .run(context -> assertThat(context).hasSingleBean(SafeRedisQueueEndpoint.class));
  }

  @Test
  void notThereWhenAccessIsDenied() {
    runner
        .withPropertyValues(
            "management.endpoints.web.exposure.include=*",
            "management.endpoint.saferedisqueue.access=NONE")
        .run(context -> assertThat(context).doesNotHaveBean(SafeRedisQueueEndpoint.class));
  }

  @Test
  void backsOffWithoutActuator() {
    runner
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .withPropertyValues("management.endpoints.web.exposure.include=*")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SafeRedisQueueEndpoint.class);
            });
  }

  @Test
  void backsOffToAnEndpointOfTheApplication() {
    runner
        .withPropertyValues("management.endpoints.web.exposure.include=saferedisqueue")
        .withBean(
            "ownEndpoint",
            SafeRedisQueueEndpoint.class,
            () ->
                new SafeRedisQueueEndpoint(
                    io.saferedisqueue.core.SafeRedisQueueFactory.class.cast(
                        new io.saferedisqueue.core.SafeRedisQueueFactory() {
                          @Override
                          public io.saferedisqueue.core.SafeRedisQueue getQueue(String name) {
                            throw new UnsupportedOperationException();
                          }

                          @Override
                          public java.util.Collection<io.saferedisqueue.core.SafeRedisQueue>
                              getQueues() {
                            return java.util.List.of();
                          }
                        }),
                    null))
        .run(
            context -> {
              assertThat(context).hasSingleBean(SafeRedisQueueEndpoint.class);
              assertThat(context).hasBean("ownEndpoint");
            });
  }
}

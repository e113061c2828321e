package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpoint;
import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpoint.ServerDescriptor;
import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpointAutoConfiguration;
import io.saferedisqueue.autoconfigure.health.SafeRedisQueueHealthAutoConfiguration;
import io.saferedisqueue.autoconfigure.health.SafeRedisQueueHealthIndicator;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.localredis.LocalRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/**
 * Against a Redis started with {@code --maxmemory 8mb --maxmemory-policy allkeys-lru}: the health
 * contributor and the endpoint show the policy and what it risks, and {@code
 * saferedisqueue.eviction-policy-check=fail} makes start-up fail with a report that says what to
 * change.
 */
class SafeRedisQueueEvictionIntegrationTests {

  private static LocalRedisServer evicting;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SafeRedisQueueAutoConfiguration.class,
                  SafeRedisQueueHealthAutoConfiguration.class,
                  HealthContributorAutoConfiguration.class,
                  EndpointAutoConfiguration.class,
                  SafeRedisQueueEndpointAutoConfiguration.class))
          .withPropertyValues(
              "saferedisqueue.url=" + evicting.url(),
              "saferedisqueue.autoclean-job-enabled=false",
              "management.endpoints.web.exposure.include=saferedisqueue");

  @BeforeAll
  static void startRedis() {
    evicting =
        LocalRedisServer.builder()
            .args("--maxmemory", "8mb", "--maxmemory-policy", "allkeys-lru")
            .build()
            .start();
  }

  @AfterAll
  static void stopRedis() {
    evicting.close();
  }

  @Test
  void healthAndEndpointShowThePolicyAndItsRisk() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          context.getBean(SafeRedisQueue.class).push("a");
          Health health = context.getBean(SafeRedisQueueHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("maxmemoryPolicy", "allkeys-lru");
          assertThat((String) health.getDetails().get("evictionRisk"))
              .startsWith("its maxmemory-policy allkeys-lru evicts keys")
              .contains("queue items can be lost silently");

          ServerDescriptor server =
              context.getBean(SafeRedisQueueEndpoint.class).saferedisqueue().server();
          assertThat(server).isNotNull();
          assertThat(server.maxmemoryPolicy()).isEqualTo("allkeys-lru");
          assertThat(server.maxmemory()).isEqualTo(8L * 1024 * 1024);
          assertThat(server.evictionRisk()).contains("queue items can be lost silently");
        });
  }

  @Test
  void failMakesStartUpFailWithAReportThatSaysWhatToChange() {
    runner
        .withPropertyValues("saferedisqueue.eviction-policy-check=fail")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = context.getStartupFailure();
              assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                  .isInstanceOf(SafeRedisQueueConfigurationException.class)
                  .hasMessageContaining("refuses to use Redis at " + evicting.url());
              FailureAnalysis analysis =
                  new SafeRedisQueueConfigurationFailureAnalyzer().analyze(failure);
              assertThat(analysis.getDescription())
                  .startsWith("saferedisqueue cannot work with its Redis. Queue '0' refuses")
                  .contains("maxmemory-policy allkeys-lru");
              assertThat(analysis.getAction())
                  .contains("maxmemory-policy noeviction")
                  .contains("saferedisqueue.eviction-policy-check=warn or off");
            });
  }
}

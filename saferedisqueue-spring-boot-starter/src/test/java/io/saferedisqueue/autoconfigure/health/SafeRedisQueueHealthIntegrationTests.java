package io.saferedisqueue.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The health contributor against a real redis-server that it stops and starts again on the same
 * port: UP with details, DOWN while Redis is gone, UP again, and the thresholds.
 */
class SafeRedisQueueHealthIntegrationTests {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private static LocalRedisServer server;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SafeRedisQueueAutoConfiguration.class,
                  SafeRedisQueueHealthAutoConfiguration.class,
                  EndpointAutoConfiguration.class,
                  HealthContributorAutoConfiguration.class,
                  HealthContributorRegistryAutoConfiguration.class,
                  HealthEndpointAutoConfiguration.class))
          .withPropertyValues(
              "saferedisqueue.url=" + server.url(),
              "saferedisqueue.command-timeout=2s",
              "saferedisqueue.autoclean-job-enabled=false",
              "saferedisqueue.metrics.sizes-time-to-live=200ms",
              "management.endpoint.health.show-details=always");

  @BeforeAll
  static void startRedis() {
    server = LocalRedisServer.startDefault();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  private static Health health(org.springframework.context.ApplicationContext context) {
    return context.getBean(SafeRedisQueueHealthIndicator.class).health();
  }

  @Test
  void upWithTheDetailsOfEveryQueue() {
    runner.run(
        context -> {
          SafeRedisQueueFactory factory = context.getBean(SafeRedisQueueFactory.class);
          SafeRedisQueue orders = factory.getQueue("health-orders");
          orders.pushAll(List.of("a".getBytes(), "b".getBytes(), "c".getBytes()));
          orders.push("d".getBytes(), Duration.ofMinutes(5));
          String dead = orders.pop(-1).orElseThrow().uid();
          orders.deadLetter(dead, "test");
          orders.pop(-1).orElseThrow();
          Thread.sleep(300);

          Health health = health(context);
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("redis", server.url());
          assertThat(health.getDetails()).containsEntry("maxmemoryPolicy", "noeviction");
          assertThat(health.getDetails()).doesNotContainKey("evictionRisk");
          @SuppressWarnings("unchecked")
          Map<String, Map<String, Object>> queues =
              (Map<String, Map<String, Object>>) health.getDetails().get("queues");
          assertThat(queues).containsKeys("0", "health-orders");
          assertThat(queues.get("health-orders"))
              .containsEntry("waiting", 1L)
              .containsEntry("inFlight", 1L)
              .containsEntry("delayed", 1L)
              .containsEntry("dead", 1L)
              .containsKey("oldestAgeSeconds");
          assertThat((Double) queues.get("health-orders").get("oldestAgeSeconds"))
              .isGreaterThanOrEqualTo(0.2);

          // Spring Boot's health endpoint knows it as "saferedisqueue".
          IndicatedHealthDescriptor viaEndpoint =
              (IndicatedHealthDescriptor)
                  context.getBean(HealthEndpoint.class).healthForPath("saferedisqueue");
          assertThat(viaEndpoint.getStatus()).isEqualTo(Status.UP);
          assertThat(viaEndpoint.getDetails()).containsKey("queues");
        });
  }

  @Test
  void downWhileRedisIsGoneAndUpAgainWhenItIsBack() {
    runner.run(
        context -> {
          context.getBean(SafeRedisQueueFactory.class).getQueue("health-outage").push("x");
          assertThat(health(context).getStatus()).isEqualTo(Status.UP);

          server.stop();
          try {
            await().atMost(PATIENCE).until(() -> health(context).getStatus().equals(Status.DOWN));
            Health down = health(context);
            assertThat(down.getDetails().get("redis").toString())
                .contains("127.0.0.1:" + server.port());
            assertThat(down.getDetails().get("error").toString()).contains("Redis");
          } finally {
            server.start();
          }
          await().atMost(PATIENCE).until(() -> health(context).getStatus().equals(Status.UP));
        });
  }

  @Test
  void aQueueOverAThresholdTurnsTheStatus() {
    runner
        .withPropertyValues(
            "saferedisqueue.health.max-dead=0", "saferedisqueue.health.max-oldest-age=1h")
        .run(
            context -> {
              SafeRedisQueue queue =
                  context.getBean(SafeRedisQueueFactory.class).getQueue("health-threshold");
              assertThat(health(context).getStatus()).isEqualTo(Status.UP);
              String uid = queue.push("poison");
              queue.pop(-1).orElseThrow();
              queue.deadLetter(uid, "poison");
              await()
                  .atMost(PATIENCE)
                  .until(() -> health(context).getStatus().equals(Status.OUT_OF_SERVICE));
              assertThat(health(context).getDetails().get("exceeded"))
                  .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                  .containsExactly("health-threshold: 1 dead letters > max-dead 0");

              queue.deadLetters().deleteAll();
              await().atMost(PATIENCE).until(() -> health(context).getStatus().equals(Status.UP));
            });
  }

  @Test
  void theThresholdStatusIsConfigurableAndTheAgeCounts() {
    runner
        .withPropertyValues(
            "saferedisqueue.health.max-oldest-age=300ms",
            "saferedisqueue.health.max-waiting=10",
            "saferedisqueue.health.threshold-status=warning")
        .run(
            context -> {
              SafeRedisQueue queue =
                  context.getBean(SafeRedisQueueFactory.class).getQueue("health-age");
              queue.push("slow");
              await()
                  .atMost(PATIENCE)
                  .until(() -> health(context).getStatus().getCode().equals("WARNING"));
              assertThat(health(context).getDetails().get("exceeded").toString())
                  .contains("health-age: oldest waiting item")
                  .contains("max-oldest-age 0.3s");
            });
  }
}

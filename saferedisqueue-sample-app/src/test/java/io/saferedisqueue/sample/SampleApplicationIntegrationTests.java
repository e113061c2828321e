package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The demo starts against the test Redis; its listeners consume what its producer pushed. */
@ExtendWith(RedisTestExtension.class)
class SampleApplicationIntegrationTests {

  @Test
  void demoRunsAgainstTheTestRedis(RedisTestServer redis) {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SampleApplication.class)
            .run(
                "--spring.data.redis.url=" + redis.url(),
                "--server.port=0",
                "--sample.demo-producer.count=3",
                "--sample.orders.fail-every=3")) {
      assertThat(
              context
                  .getEnvironment()
                  .getPropertySources()
                  .contains(LocalRedisFallback.PROPERTY_SOURCE_NAME))
          .isFalse();
      OrderListener orders = context.getBean(OrderListener.class);
      GreetingListener greetings = context.getBean(GreetingListener.class);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(orders.processed())
                    .extracting(Order::id)
                    .containsExactlyInAnyOrder("A-1", "A-2", "A-3");
                assertThat(greetings.received())
                    .containsExactlyInAnyOrder(
                        "Hello World #1", "Hello World #2", "Hello World #3");
              });
      // The third delivery failed on purpose and the order came back.
      assertThat(orders.failures()).isEqualTo(1);
      for (String name : new String[] {"orders", "greetings"}) {
        SafeRedisQueue queue = context.getBean(name, SafeRedisQueue.class);
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
      }
    }
  }
}

package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The demo application starts against the test Redis and its producer pushes. */
@ExtendWith(RedisTestExtension.class)
class SampleApplicationIntegrationTests {

  @Test
  void demoStartsAgainstTheTestRedis(RedisTestServer redis) {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SampleApplication.class)
            .run("--spring.data.redis.url=" + redis.url(), "--sample.demo-producer.count=3")) {
      assertThat(
              context
                  .getEnvironment()
                  .getPropertySources()
                  .contains(LocalRedisFallback.PROPERTY_SOURCE_NAME))
          .isFalse();
      SafeRedisQueue orders = context.getBean("orders", SafeRedisQueue.class);
      SafeRedisQueue greetings = context.getBean("greetings", SafeRedisQueue.class);
      assertThat(context.getBean(SafeRedisQueueFactory.class).getQueues())
          .contains(orders, greetings);
      assertThat(orders.sizes().waiting() + orders.sizes().inFlight()).isEqualTo(3);
      assertThat(greetings.sizes().waiting() + greetings.sizes().inFlight()).isEqualTo(3);
    }
  }
}

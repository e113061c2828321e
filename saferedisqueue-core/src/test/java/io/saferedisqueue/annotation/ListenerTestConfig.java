package io.saferedisqueue.annotation;

import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.DefaultSafeRedisQueueFactory;
import io.saferedisqueue.core.RedisUrl;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Configurations shared by the listener tests. */
final class ListenerTestConfig {

  /** Property holding the test server's url. */
  static final String URL_PROPERTY = "test.redis.url";

  private ListenerTestConfig() {}

  /** Redis and a queue factory, without a container factory: the processor creates one. */
  @Configuration(proxyBeanMethods = false)
  @EnableSafeQueueListeners
  static class QueueFactoryOnly {

    @Bean(destroyMethod = "destroy")
    LettuceConnectionFactory redisConnectionFactory(Environment environment) {
      return RedisUrl.parse(environment.getRequiredProperty(URL_PROPERTY))
          .createConnectionFactory(Duration.ofSeconds(5));
    }

    @Bean
    DefaultSafeRedisQueueFactory safeRedisQueueFactory(RedisConnectionFactory connectionFactory) {
      return new DefaultSafeRedisQueueFactory(connectionFactory);
    }
  }

  /** As {@link QueueFactoryOnly}, plus a default container factory that notices a stop quickly. */
  @Configuration(proxyBeanMethods = false)
  static class Fast extends QueueFactoryOnly {

    @Bean
    SafeQueueListenerContainerFactory safeQueueListenerContainerFactory(
        SafeRedisQueueFactory queueFactory) {
      SafeQueueListenerContainerFactory factory =
          new SafeQueueListenerContainerFactory(queueFactory);
      factory.setPollTimeout(Duration.ofMillis(200));
      factory.setShutdownTimeout(Duration.ofSeconds(5));
      return factory;
    }
  }
}

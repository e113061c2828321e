package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of saferedisqueue queues from {@code saferedisqueue.*} properties.
 *
 * <p>It provides, each unless the application defines its own: a {@link PayloadSerializer} of the
 * configured {@code payload-format}; a {@link SafeRedisQueueFactory} on the application's {@link
 * RedisConnectionFactory} (from {@code spring.data.redis.*}), or on a connection of its own to
 * {@code saferedisqueue.url} when that is set; the default {@link SafeRedisQueue} bean (queue
 * {@code saferedisqueue.name}); one {@code SafeRedisQueue} bean per queue listed under {@code
 * saferedisqueue.queues.<name>}, injectable with {@code @Qualifier("<name>")}; and the {@link
 * SafeRedisQueueAutocleanScheduler}, which needs no {@code @EnableScheduling}.
 */
@AutoConfiguration(
    after = DataRedisAutoConfiguration.class,
    afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({SafeRedisQueue.class, RedisConnectionFactory.class})
@EnableConfigurationProperties(SafeRedisQueueProperties.class)
// In this order: a url wins over the application's connection factory.
@Import({
  SafeRedisQueueConfigurations.UrlQueueFactoryConfiguration.class,
  SafeRedisQueueConfigurations.ConnectionFactoryQueueFactoryConfiguration.class,
  SafeRedisQueueConfigurations.QueuesConfiguration.class
})
public final class SafeRedisQueueAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  PayloadSerializer safeRedisQueuePayloadSerializer(
      SafeRedisQueueProperties properties, BeanFactory beanFactory) {
    return new PayloadSerializers(beanFactory).forFormat(properties.getPayloadFormat());
  }
}

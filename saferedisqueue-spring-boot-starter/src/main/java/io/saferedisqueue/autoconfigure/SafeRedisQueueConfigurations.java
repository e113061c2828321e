package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.DefaultSafeRedisQueueFactory;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.RedisUrl;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueBuilder;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * The configurations that {@link SafeRedisQueueAutoConfiguration} imports, in the order it imports
 * them. They are nested in a class that is not itself a configuration so that only that import, not
 * member-class scanning, decides the order (as Spring Boot's own {@code DataSourceConfiguration}
 * does).
 */
final class SafeRedisQueueConfigurations {

  private SafeRedisQueueConfigurations() {}

  /**
   * Applies a queue's settings to its builder: the properties (the queue's own under {@code
   * queues.<name>}, else the global ones), then the application's customizers.
   */
  static BiConsumer<String, SafeRedisQueueBuilder> queueCustomizer(
      SafeRedisQueueProperties properties,
      ObjectProvider<PayloadSerializer> payloadSerializer,
      ObjectProvider<SafeRedisQueueBuilderCustomizer> customizers,
      BeanFactory beanFactory) {
    PayloadSerializers serializers = new PayloadSerializers(beanFactory);
    return (name, builder) -> {
      QueueSettings settings = properties.settingsFor(name);
      settings.applyTo(builder);
      PayloadSerializer serializer =
          settings.ownPayloadFormat()
              ? serializers.forFormat(settings.payloadFormat())
              : payloadSerializer.getIfUnique(
                  () -> serializers.forFormat(settings.payloadFormat()));
      builder.serializer(Objects.requireNonNull(serializer));
      List<SafeRedisQueueBuilderCustomizer> ordered = customizers.orderedStream().toList();
      ordered.forEach(customizer -> customizer.customize(name, builder));
    };
  }

  /** The factory on a connection of its own to {@code saferedisqueue.url}, when that is set. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(OnUrlCondition.class)
  static class UrlQueueFactoryConfiguration {

    @Bean
    @ConditionalOnMissingBean(SafeRedisQueueFactory.class)
    DefaultSafeRedisQueueFactory safeRedisQueueFactory(
        SafeRedisQueueProperties properties,
        ObjectProvider<PayloadSerializer> payloadSerializer,
        ObjectProvider<SafeRedisQueueBuilderCustomizer> customizers,
        BeanFactory beanFactory) {
      String url = Objects.requireNonNull(properties.getUrl());
      LettuceConnectionFactory connectionFactory =
          RedisUrl.parse(url).createConnectionFactory(properties.getCommandTimeout());
      return new UrlSafeRedisQueueFactory(
          connectionFactory,
          queueCustomizer(properties, payloadSerializer, customizers, beanFactory),
          properties::shardsOf);
    }
  }

  /** The factory on the application's connection factory (from {@code spring.data.redis.*}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnSingleCandidate(RedisConnectionFactory.class)
  static class ConnectionFactoryQueueFactoryConfiguration {

    @Bean
    @ConditionalOnMissingBean(SafeRedisQueueFactory.class)
    DefaultSafeRedisQueueFactory safeRedisQueueFactory(
        RedisConnectionFactory connectionFactory,
        SafeRedisQueueProperties properties,
        ObjectProvider<PayloadSerializer> payloadSerializer,
        ObjectProvider<SafeRedisQueueBuilderCustomizer> customizers,
        BeanFactory beanFactory) {
      return new DefaultSafeRedisQueueFactory(
          connectionFactory,
          queueCustomizer(properties, payloadSerializer, customizers, beanFactory),
          properties::shardsOf);
    }
  }

  /** The queue beans and the autoclean job, on whichever queue factory there is. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnSingleCandidate(SafeRedisQueueFactory.class)
  @Import(NamedSafeRedisQueuesRegistrar.class)
  static class QueuesConfiguration {

    // The factory owns its queues and closes them: no destroy method here.
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    SafeRedisQueue safeRedisQueue(
        SafeRedisQueueFactory queueFactory, SafeRedisQueueProperties properties) {
      return queueFactory.getQueue(properties.getName());
    }

    @Bean
    @ConditionalOnMissingBean
    SafeRedisQueueFactoryShutdown safeRedisQueueFactoryShutdown(
        SafeRedisQueueFactory queueFactory) {
      return new SafeRedisQueueFactoryShutdown(queueFactory);
    }

    @Bean
    @ConditionalOnMissingBean
    SafeRedisQueueAutocleanScheduler safeRedisQueueAutocleanScheduler(
        SafeRedisQueueFactory queueFactory, SafeRedisQueueProperties properties) {
      return new SafeRedisQueueAutocleanScheduler(
          queueFactory, name -> properties.settingsFor(name).autocleanJobEnabled());
    }
  }

  /** Matches when {@code saferedisqueue.url} has text (a blank value counts as unset). */
  static final class OnUrlCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      ConditionMessage.Builder message = ConditionMessage.forCondition("saferedisqueue url");
      if (StringUtils.hasText(context.getEnvironment().getProperty("saferedisqueue.url"))) {
        return ConditionOutcome.match(message.foundExactly("property saferedisqueue.url"));
      }
      return ConditionOutcome.noMatch(message.didNotFind("property saferedisqueue.url").atAll());
    }
  }
}

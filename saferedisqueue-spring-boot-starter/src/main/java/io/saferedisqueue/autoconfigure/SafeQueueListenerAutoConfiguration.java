package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.annotation.EnableSafeQueueListeners;
import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.config.SafeQueueListenerConfigUtils;
import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of {@link SafeQueueListener @SafeQueueListener} methods: switches on {@link
 * EnableSafeQueueListeners @EnableSafeQueueListeners} (the application needs no annotation of its
 * own), provides the {@link SafeQueueListenerContainerFactoryConfigurer} and with it the default
 * {@link SafeQueueListenerContainerFactory}, named {@value
 * SafeQueueListenerConfigUtils#DEFAULT_CONTAINER_FACTORY_BEAN_NAME}: set from {@code
 * saferedisqueue.listener.*}, the application's {@link PayloadSerializer} and its {@link
 * SafeQueueErrorHandler} if it has exactly one, virtual threads with {@code
 * spring.threads.virtual.enabled=true} on Java 21+, then adjusted by the application's {@link
 * SafeQueueListenerContainerFactoryCustomizer}s. Off with {@code
 * saferedisqueue.listener.enabled=false}.
 */
@AutoConfiguration(after = SafeRedisQueueAutoConfiguration.class)
@ConditionalOnClass(SafeQueueListener.class)
@ConditionalOnBooleanProperty(name = "saferedisqueue.listener.enabled", matchIfMissing = true)
public final class SafeQueueListenerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SafeQueueListenerContainerFactoryConfigurer safeQueueListenerContainerFactoryConfigurer(
      SafeRedisQueueProperties properties,
      ObjectProvider<PayloadSerializer> payloadSerializer,
      ObjectProvider<SafeQueueErrorHandler> errorHandler,
      Environment environment) {
    SafeQueueListenerContainerFactoryConfigurer configurer =
        new SafeQueueListenerContainerFactoryConfigurer(properties);
    configurer.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
    configurer.setPayloadSerializer(payloadSerializer.getIfUnique());
    configurer.setErrorHandler(errorHandler.getIfUnique());
    return configurer;
  }

  @Bean(name = SafeQueueListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
  @ConditionalOnMissingBean(name = SafeQueueListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
  @ConditionalOnSingleCandidate(SafeRedisQueueFactory.class)
  SafeQueueListenerContainerFactory safeQueueListenerContainerFactory(
      SafeQueueListenerContainerFactoryConfigurer configurer,
      SafeRedisQueueFactory queueFactory,
      ObjectProvider<SafeQueueListenerContainerFactoryCustomizer> customizers) {
    SafeQueueListenerContainerFactory factory = new SafeQueueListenerContainerFactory(queueFactory);
    configurer.configure(factory);
    customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
    return factory;
  }

  /** Switches the listener infrastructure on unless the application already did. */
  @Configuration(proxyBeanMethods = false)
  @EnableSafeQueueListeners
  @ConditionalOnMissingBean(
      name = SafeQueueListenerConfigUtils.SAFE_QUEUE_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME)
  static class EnableSafeQueueListenersConfiguration {}
}

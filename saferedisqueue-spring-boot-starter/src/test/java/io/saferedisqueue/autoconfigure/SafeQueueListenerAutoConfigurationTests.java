package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.annotation.EnableSafeQueueListeners;
import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.config.SafeQueueListenerConfigUtils;
import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.JacksonPayloadSerializer;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.PlainPayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.SafeQueueListenerAdapter;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpoint;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.listener.SimpleSafeQueueListenerEndpoint;
import io.saferedisqueue.listener.api.RetryingErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.backoff.BackOffExecution;

/** The listener auto-configuration's beans and settings, without a Redis server. */
class SafeQueueListenerAutoConfigurationTests {

  // Port 1 has no Redis; no listener here starts a container.
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class,
                  SafeRedisQueueAutoConfiguration.class,
                  SafeQueueListenerAutoConfiguration.class))
          .withPropertyValues("spring.data.redis.port=1");

  @Test
  void defaults() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context)
              .hasSingleBean(SafeQueueListenerContainerFactory.class)
              .hasBean(SafeQueueListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
              .hasSingleBean(SafeQueueListenerEndpointRegistry.class)
              .hasBean(
                  SafeQueueListenerConfigUtils.SAFE_QUEUE_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME);
          SafeQueueListenerContainer container =
              container(context.getBean(SafeQueueListenerContainerFactory.class), "q");
          assertThat(container.getConcurrency()).isEqualTo(1);
          assertThat(container.getBatchSize()).isEqualTo(16);
          assertThat(container.getPollTimeout()).isEqualTo(Duration.ofSeconds(1));
          assertThat(container.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(container.isAutoStartup()).isTrue();
          assertThat(container.getMaxDeliveries()).isEqualTo(5);
          assertThat(container.getErrorHandler())
              .isInstanceOfSatisfying(
                  RetryingErrorHandler.class,
                  retrying -> {
                    assertThat(retrying.getMaxDeliveries()).isEqualTo(5);
                    assertThat(retrying.getBackOff().start().nextBackOff()).isZero();
                  });
          assertThat(container.getQueue())
              .isSameAs(context.getBean(SafeRedisQueueFactory.class).getQueue("q"));
        });
  }

  @Test
  void listenerConcurrencyTakesAMinMaxRange() {
    runner
        .withPropertyValues("saferedisqueue.listener.concurrency=2-16")
        .run(
            context -> {
              SafeQueueListenerContainer container =
                  container(context.getBean(SafeQueueListenerContainerFactory.class), "q");
              assertThat(container.getConcurrency()).isEqualTo(2);
              assertThat(container.getMaxConcurrency()).isEqualTo(16);
            });
  }

  @Test
  void listenerPropertiesConfigureTheContainers() {
    runner
        .withPropertyValues(
            "saferedisqueue.listener.concurrency=3",
            "saferedisqueue.listener.batch-size=5",
            "saferedisqueue.listener.poll-timeout=200ms",
            "saferedisqueue.listener.shutdown-timeout=2s",
            "saferedisqueue.listener.auto-startup=false",
            "saferedisqueue.listener.max-deliveries=7",
            "saferedisqueue.listener.retry.initial-interval=1s",
            "saferedisqueue.listener.retry.multiplier=2",
            "saferedisqueue.listener.retry.max-interval=3s")
        .run(
            context -> {
              SafeQueueListenerContainer container =
                  container(context.getBean(SafeQueueListenerContainerFactory.class), "q");
              assertThat(container.getConcurrency()).isEqualTo(3);
              assertThat(container.getBatchSize()).isEqualTo(5);
              assertThat(container.getPollTimeout()).isEqualTo(Duration.ofMillis(200));
              assertThat(container.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
              assertThat(container.isAutoStartup()).isFalse();
              assertThat(container.getMaxDeliveries()).isEqualTo(7);
              BackOffExecution backOff =
                  ((RetryingErrorHandler) container.getErrorHandler()).getBackOff().start();
              assertThat(backOff.nextBackOff()).isEqualTo(1000);
              assertThat(backOff.nextBackOff()).isEqualTo(2000);
              assertThat(backOff.nextBackOff()).isEqualTo(3000);
              assertThat(backOff.nextBackOff()).isEqualTo(3000);
            });
  }

  @Test
  void workersRunOnVirtualThreadsWhenSpringBootsVirtualThreadsAreActive() {
    runner.run(
        context ->
            assertThat(
                    container(context.getBean(SafeQueueListenerContainerFactory.class), "orders")
                        .getSettings()
                        .virtualThreads())
                .isFalse());
    runner
        .withPropertyValues("spring.threads.virtual.enabled=true")
        .run(
            context ->
                // Spring Boot's Threading.VIRTUAL is active only on Java 21+.
                assertThat(
                        container(
                                context.getBean(SafeQueueListenerContainerFactory.class), "orders")
                            .getSettings()
                            .virtualThreads())
                    .isEqualTo(Runtime.version().feature() >= 21));
  }

  @Test
  void aQueuesOwnMaximumIsItsListenersDefault() {
    runner
        .withPropertyValues("saferedisqueue.queues.orders.max-deliveries=2")
        .run(
            context -> {
              SafeQueueListenerContainerFactory factory =
                  context.getBean(SafeQueueListenerContainerFactory.class);
              assertThat(container(factory, "orders").getMaxDeliveries()).isEqualTo(2);
              assertThat(container(factory, "other").getMaxDeliveries()).isEqualTo(5);
              assertThat(
                      context
                          .getBean(SafeRedisQueueFactory.class)
                          .getQueue("orders")
                          .settings()
                          .maxDeliveries())
                  .isEqualTo(2);
            });
  }

  @Test
  void theApplicationsErrorHandlerIsUsed() {
    SafeQueueErrorHandler discard = SafeQueueErrorHandler.discard();
    runner
        .withBean(SafeQueueErrorHandler.class, () -> discard)
        .run(
            context ->
                assertThat(
                        container(context.getBean(SafeQueueListenerContainerFactory.class), "q")
                            .getErrorHandler())
                    .isSameAs(discard));
  }

  @Test
  void listenersReadWithTheApplicationsSerializerOrTheirQueuesOwnFormat() {
    runner
        .withPropertyValues("saferedisqueue.queues.texts.payload-format=plain")
        .run(
            context -> {
              SafeQueueListenerContainerFactory factory =
                  context.getBean(SafeQueueListenerContainerFactory.class);
              assertThat(serializerGivenTo(factory, "orders"))
                  .isSameAs(context.getBean(PayloadSerializer.class))
                  .isInstanceOf(JacksonPayloadSerializer.class);
              assertThat(serializerGivenTo(factory, "texts"))
                  .isInstanceOf(PlainPayloadSerializer.class);
            });
  }

  @Test
  void aSecondFactoryConfiguredThroughTheConfigurerGetsTheProperties() {
    SafeQueueErrorHandler discard = SafeQueueErrorHandler.discard();
    runner
        .withUserConfiguration(SecondContainerFactory.class)
        .withBean(SafeQueueErrorHandler.class, () -> discard)
        .withPropertyValues(
            "saferedisqueue.listener.concurrency=3",
            "saferedisqueue.listener.batch-size=5",
            "saferedisqueue.listener.poll-timeout=200ms",
            "saferedisqueue.listener.max-deliveries=7",
            "saferedisqueue.listener.auto-startup=false",
            "saferedisqueue.queues.texts.payload-format=plain")
        .run(
            context -> {
              assertThat(context).hasSingleBean(SafeQueueListenerContainerFactoryConfigurer.class);
              SafeQueueListenerContainerFactory second =
                  context.getBean("slowListenerFactory", SafeQueueListenerContainerFactory.class);
              assertThat(second)
                  .isNotSameAs(
                      context.getBean(
                          SafeQueueListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME));
              SafeQueueListenerContainer container = container(second, "q");
              assertThat(container.getConcurrency()).isEqualTo(3);
              assertThat(container.getPollTimeout()).isEqualTo(Duration.ofMillis(200));
              assertThat(container.getMaxDeliveries()).isEqualTo(7);
              assertThat(container.isAutoStartup()).isFalse();
              assertThat(container.getErrorHandler()).isSameAs(discard);
              // Adjusted after the configurer.
              assertThat(container.getBatchSize()).isEqualTo(1);
              assertThat(serializerGivenTo(second, "q"))
                  .isSameAs(context.getBean(PayloadSerializer.class));
              assertThat(serializerGivenTo(second, "texts"))
                  .isInstanceOf(PlainPayloadSerializer.class);
            });
  }

  @Test
  void theApplicationsConfigurerConfiguresTheDefaultFactory() {
    runner
        .withUserConfiguration(OwnConfigurer.class)
        .withPropertyValues("saferedisqueue.listener.concurrency=3")
        .run(
            context -> {
              assertThat(context.getBean(SafeQueueListenerContainerFactoryConfigurer.class))
                  .isSameAs(context.getBean("ownConfigurer"));
              assertThat(
                      container(context.getBean(SafeQueueListenerContainerFactory.class), "q")
                          .getErrorHandler())
                  .isSameAs(OwnConfigurer.HANDLER);
            });
  }

  @Test
  void switchedOffByProperty() {
    runner
        .withPropertyValues("saferedisqueue.listener.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SafeQueueListenerContainerFactory.class);
              assertThat(context).doesNotHaveBean(SafeQueueListenerEndpointRegistry.class);
              assertThat(context).hasSingleBean(SafeRedisQueueFactory.class);
            });
  }

  @Test
  void backsOffWithoutTheListenerClasses() {
    runner
        .withClassLoader(new FilteredClassLoader(SafeQueueListener.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SafeQueueListenerContainerFactory.class);
              assertThat(context).doesNotHaveBean(SafeQueueListenerEndpointRegistry.class);
            });
  }

  @Test
  void backsOffFromTheApplicationsContainerFactory() {
    runner
        .withUserConfiguration(UserContainerFactory.class)
        .withPropertyValues("saferedisqueue.listener.concurrency=3")
        .run(
            context -> {
              assertThat(context).hasSingleBean(SafeQueueListenerContainerFactory.class);
              SafeQueueListenerContainerFactory factory =
                  context.getBean(SafeQueueListenerContainerFactory.class);
              assertThat(factory).isSameAs(context.getBean("safeQueueListenerContainerFactory"));
              // The application's factory, untouched by saferedisqueue.listener.*.
              assertThat(container(factory, "q").getConcurrency()).isEqualTo(1);
            });
  }

  @Test
  void anApplicationThatEnablesListenersItselfGetsTheInfrastructureOnce() {
    runner
        .withUserConfiguration(SelfEnabled.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(SafeQueueListenerEndpointRegistry.class);
            });
  }

  @Test
  void backsOffWithoutAQueueFactory() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SafeRedisQueueAutoConfiguration.class, SafeQueueListenerAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SafeQueueListenerContainerFactory.class);
            });
  }

  private static SafeQueueListenerContainer container(
      SafeQueueListenerContainerFactory factory, String queue) {
    return factory.createListenerContainer(
        new SimpleSafeQueueListenerEndpoint("test-" + queue, queue, item -> {}));
  }

  private static PayloadSerializer serializerGivenTo(
      SafeQueueListenerContainerFactory factory, String queue) {
    AtomicReference<PayloadSerializer> given = new AtomicReference<>();
    factory.createListenerContainer(
        new SafeQueueListenerEndpoint() {
          @Override
          public String getId() {
            return "capture-" + queue;
          }

          @Override
          public String getQueueName() {
            return queue;
          }

          @Override
          public @Nullable Integer getConcurrency() {
            return null;
          }

          @Override
          public @Nullable Boolean getAutoStartup() {
            return null;
          }

          @Override
          public @Nullable SafeQueueErrorHandler getErrorHandler() {
            return null;
          }

          @Override
          public SafeQueueListenerAdapter createListener(
              PayloadSerializer serializer,
              SafeRedisQueue queue,
              Function<String, SafeRedisQueue> queues) {
            given.set(serializer);
            return SafeQueueListenerAdapter.forItems(item -> {});
          }
        });
    return given.get();
  }

  @Configuration(proxyBeanMethods = false)
  static class UserContainerFactory {
    @Bean
    SafeQueueListenerContainerFactory safeQueueListenerContainerFactory(
        SafeRedisQueueFactory queueFactory) {
      return new SafeQueueListenerContainerFactory(queueFactory);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableSafeQueueListeners
  static class SelfEnabled {}

  @Configuration(proxyBeanMethods = false)
  static class SecondContainerFactory {
    @Bean
    SafeQueueListenerContainerFactory slowListenerFactory(
        SafeQueueListenerContainerFactoryConfigurer configurer,
        SafeRedisQueueFactory queueFactory) {
      SafeQueueListenerContainerFactory factory =
          new SafeQueueListenerContainerFactory(queueFactory);
      configurer.configure(factory);
      factory.setBatchSize(1);
      return factory;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnConfigurer {
    static final SafeQueueErrorHandler HANDLER = (item, error, queue) -> {};

    @Bean
    SafeQueueListenerContainerFactoryConfigurer ownConfigurer(SafeRedisQueueProperties properties) {
      SafeQueueListenerContainerFactoryConfigurer configurer =
          new SafeQueueListenerContainerFactoryConfigurer(properties);
      configurer.setErrorHandler(HANDLER);
      return configurer;
    }
  }
}

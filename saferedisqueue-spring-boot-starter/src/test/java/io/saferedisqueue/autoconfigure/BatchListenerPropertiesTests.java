package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.config.SafeQueueListenerConfigUtils;
import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.MethodSafeQueueBatchListenerEndpoint;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.listener.SimpleSafeQueueBatchListenerEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code saferedisqueue.listener.consumer-batch-size} reaches the batch listeners' containers
 * through the configurer; an annotation's own size wins. No container starts (auto-startup off,
 * port 1 has no Redis).
 */
class BatchListenerPropertiesTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class,
                  SafeRedisQueueAutoConfiguration.class,
                  SafeQueueListenerAutoConfiguration.class))
          .withUserConfiguration(Listeners.class)
          .withPropertyValues(
              "spring.data.redis.port=1", "saferedisqueue.listener.auto-startup=false");

  @Configuration(proxyBeanMethods = false)
  static class Listeners {
    @Bean
    BatchBean batchBean() {
      return new BatchBean();
    }
  }

  static class BatchBean {
    @SafeQueueListener(id = "fromProperty", queue = "orders", batch = "true")
    void fromProperty(List<String> orders) {}

    @SafeQueueListener(
        id = "ownSize",
        queue = "orders",
        batch = "true",
        consumerBatchSize = "${orders.batch:3}")
    void ownSize(List<String> orders) {}

    @SafeQueueListener(id = "single", queue = "orders")
    void single(String order) {}
  }

  private static SafeQueueListenerContainer container(
      AssertableApplicationContext context, String id) {
    return context
        .getBean(
            SafeQueueListenerConfigUtils.SAFE_QUEUE_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
            SafeQueueListenerEndpointRegistry.class)
        .getListenerContainer(id);
  }

  @Test
  void theDefaultIs16() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(container(context, "fromProperty").getConsumerBatchSize()).isEqualTo(16);
          assertThat(container(context, "fromProperty").isBatchListener()).isTrue();
          assertThat(container(context, "single").isBatchListener()).isFalse();
        });
  }

  @Test
  void thePropertyConfiguresTheBatchListenersAndTheAnnotationWins() {
    runner
        .withPropertyValues("saferedisqueue.listener.consumer-batch-size=40")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(container(context, "fromProperty").getConsumerBatchSize()).isEqualTo(40);
              assertThat(container(context, "ownSize").getConsumerBatchSize()).isEqualTo(3);
            });
    runner
        .withPropertyValues("orders.batch=7")
        .run(
            context ->
                assertThat(container(context, "ownSize").getConsumerBatchSize()).isEqualTo(7));
  }

  @Test
  void aSecondFactoryConfiguredThroughTheConfigurerGetsTheProperty() {
    runner
        .withPropertyValues("saferedisqueue.listener.consumer-batch-size=25")
        .run(
            context -> {
              SafeQueueListenerContainerFactory second =
                  new SafeQueueListenerContainerFactory(
                      context.getBean(SafeRedisQueueFactory.class));
              context.getBean(SafeQueueListenerContainerFactoryConfigurer.class).configure(second);
              SafeQueueListenerContainer container =
                  second.createListenerContainer(
                      new MethodSafeQueueBatchListenerEndpoint(
                          "second",
                          "orders",
                          new BatchBean(),
                          BatchBean.class.getDeclaredMethod("fromProperty", List.class)));
              assertThat(container.isBatchListener()).isTrue();
              assertThat(container.getConsumerBatchSize()).isEqualTo(25);
              SimpleSafeQueueBatchListenerEndpoint inCode =
                  new SimpleSafeQueueBatchListenerEndpoint("in-code", "orders", items -> {});
              inCode.setConsumerBatchSize(4);
              SafeQueueListenerContainer fromCode = second.createListenerContainer(inCode);
              assertThat(fromCode.isBatchListener()).isTrue();
              assertThat(fromCode.getConsumerBatchSize()).isEqualTo(4);
            });
  }
}

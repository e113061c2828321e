package io.saferedisqueue.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.saferedisqueue.core.DefaultSafeRedisQueueFactory;
import io.saferedisqueue.core.JacksonPayloadSerializer;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.PlainPayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.SafeQueueListenerAdapter;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpoint;
import io.saferedisqueue.listener.SafeQueueListenerSettings;
import io.saferedisqueue.listener.SimpleSafeQueueListenerEndpoint;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Settings and their checks; no container is started, so no Redis is needed. */
class SafeQueueListenerContainerFactoryTests {

  private final LettuceConnectionFactory connectionFactory =
      new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
  private final DefaultSafeRedisQueueFactory queueFactory =
      new DefaultSafeRedisQueueFactory(connectionFactory);
  private final SafeQueueListenerContainerFactory factory =
      new SafeQueueListenerContainerFactory(queueFactory);
  private final SafeQueueItemListener noop = item -> {};

  @AfterEach
  void close() {
    queueFactory.close();
  }

  @Test
  void containersGetTheDefaults() {
    SafeQueueListenerContainer container =
        factory.createListenerContainer(new SimpleSafeQueueListenerEndpoint("l", "orders", noop));
    assertThat(container.getListenerId()).isEqualTo("l");
    assertThat(container.getQueueName()).isEqualTo("orders");
    assertThat(container.getQueue()).isSameAs(queueFactory.getQueue("orders"));
    assertThat(container.getConcurrency()).isEqualTo(1);
    assertThat(container.getBatchSize()).isEqualTo(16);
    assertThat(container.getPollTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(container.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(container.getErrorHandler())
        .isInstanceOfSatisfying(
            io.saferedisqueue.listener.api.RetryingErrorHandler.class,
            retrying -> assertThat(retrying.getMaxDeliveries()).isEqualTo(5));
    assertThat(container.isAutoStartup()).isTrue();
    assertThat(container.isRunning()).isFalse();
    assertThat(container.isPaused()).isFalse();
    assertThat(container.getActiveHandlers()).isZero();
  }

  @Test
  void factorySettingsApplyAndEndpointOverridesWin() throws Exception {
    SafeQueueErrorHandler factoryHandler = (item, error, queue) -> {};
    SafeQueueErrorHandler endpointHandler = (item, error, queue) -> {};
    AtomicReference<PayloadSerializer> usedSerializer = new AtomicReference<>();
    PayloadSerializer serializer = new PlainPayloadSerializer();
    factory.setConcurrency(3);
    factory.setBatchSize(5);
    factory.setPollTimeout(Duration.ofMillis(250));
    factory.setShutdownTimeout(Duration.ZERO);
    factory.setErrorHandler(factoryHandler);
    factory.setAutoStartup(false);
    factory.setRecoveryInterval(Duration.ofMillis(10), Duration.ofMillis(10));
    factory.setPayloadSerializer(serializer);

    SafeQueueListenerContainer plain =
        factory.createListenerContainer(new SimpleSafeQueueListenerEndpoint("a", "q", noop));
    assertThat(plain.getConcurrency()).isEqualTo(3);
    assertThat(plain.getBatchSize()).isEqualTo(5);
    assertThat(plain.getPollTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(plain.getShutdownTimeout()).isZero();
    assertThat(plain.getErrorHandler()).isSameAs(factoryHandler);
    assertThat(plain.isAutoStartup()).isFalse();

    SimpleSafeQueueListenerEndpoint endpoint =
        new SimpleSafeQueueListenerEndpoint("b", "q", noop) {
          @Override
          public SafeQueueListenerAdapter createListener(
              PayloadSerializer given,
              SafeRedisQueue queue,
              Function<String, SafeRedisQueue> queues) {
            usedSerializer.set(given);
            return super.createListener(given, queue, queues);
          }
        };
    endpoint.setConcurrency(7);
    endpoint.setAutoStartup(true);
    endpoint.setErrorHandler(endpointHandler);
    SafeQueueListenerContainer overridden = factory.createListenerContainer(endpoint);
    assertThat(overridden.getConcurrency()).isEqualTo(7);
    assertThat(overridden.getMaxConcurrency()).isEqualTo(7);
    endpoint.setConcurrency(2, 16);
    SafeQueueListenerContainer ranged = factory.createListenerContainer(endpoint);
    assertThat(ranged.getConcurrency()).isEqualTo(2);
    assertThat(ranged.getMaxConcurrency()).isEqualTo(16);
    factory.setConcurrency("3-5");
    SafeQueueListenerContainer fromFactory =
        factory.createListenerContainer(new SimpleSafeQueueListenerEndpoint("c", "q", noop));
    assertThat(fromFactory.getConcurrency()).isEqualTo(3);
    assertThat(fromFactory.getMaxConcurrency()).isEqualTo(5);
    assertThat(overridden.isAutoStartup()).isTrue();
    assertThat(overridden.getErrorHandler()).isSameAs(endpointHandler);
    assertThat(usedSerializer.get()).isSameAs(serializer);
  }

  @Test
  void aShardedQueueGetsOneContainerPerPartEachAskedForItsSettings() {
    DefaultSafeRedisQueueFactory shardedFactory =
        new DefaultSafeRedisQueueFactory(
            connectionFactory, (name, builder) -> {}, name -> name.equals("orders") ? 3 : 1);
    List<SafeRedisQueue> askedFor = new ArrayList<>();
    SafeQueueListenerContainerFactory subclass =
        new SafeQueueListenerContainerFactory(shardedFactory) {
          @Override
          protected SafeQueueListenerSettings settingsFor(
              SafeQueueListenerEndpoint endpoint, SafeRedisQueue queue) {
            askedFor.add(queue);
            return super.settingsFor(endpoint, queue);
          }
        };
    PayloadSerializer plain = new PlainPayloadSerializer();
    subclass.setPayloadSerializer("orders", plain);
    subclass.setConcurrency(2);
    List<PayloadSerializer> usedSerializers = new ArrayList<>();
    SimpleSafeQueueListenerEndpoint endpoint =
        new SimpleSafeQueueListenerEndpoint("l", "orders", noop) {
          @Override
          public SafeQueueListenerAdapter createListener(
              PayloadSerializer given,
              SafeRedisQueue queue,
              Function<String, SafeRedisQueue> queues) {
            usedSerializers.add(given);
            return super.createListener(given, queue, queues);
          }
        };
    try {
      List<SafeRedisQueue> parts = shardedFactory.getOperations("orders").parts();

      List<SafeQueueListenerContainer> containers = subclass.createListenerContainers(endpoint);

      assertThat(containers)
          .extracting(SafeQueueListenerContainer::getListenerId)
          .containsExactly("l-0", "l-1", "l-2");
      assertThat(containers).extracting(SafeQueueListenerContainer::getQueue).isEqualTo(parts);
      assertThat(containers).extracting(SafeQueueListenerContainer::getConcurrency).containsOnly(2);
      assertThat(askedFor).isEqualTo(parts);
      assertThat(usedSerializers).hasSize(3).containsOnly(plain);
      assertThat(
              subclass.createListenerContainers(
                  new SimpleSafeQueueListenerEndpoint("p", "audit", noop)))
          .singleElement()
          .satisfies(
              container -> {
                assertThat(container.getListenerId()).isEqualTo("p");
                assertThat(container.getQueue()).isSameAs(shardedFactory.getQueue("audit"));
              });
    } finally {
      shardedFactory.close();
    }
  }

  @Test
  void aQueuesOwnSerializerChangesOnlyTheSerializerOfItsListeners() {
    PayloadSerializer plain = new PlainPayloadSerializer();
    factory.setPayloadSerializer("texts", plain);
    AtomicReference<PayloadSerializer> usedSerializer = new AtomicReference<>();
    SimpleSafeQueueListenerEndpoint endpoint =
        new SimpleSafeQueueListenerEndpoint("t", "texts", noop) {
          @Override
          public SafeQueueListenerAdapter createListener(
              PayloadSerializer given,
              SafeRedisQueue queue,
              Function<String, SafeRedisQueue> queues) {
            usedSerializer.set(given);
            return super.createListener(given, queue, queues);
          }
        };
    endpoint.setMaxDeliveries(2);
    endpoint.setNotRetryable(List.of(UnsupportedOperationException.class));

    SafeQueueListenerContainer container = factory.createListenerContainer(endpoint);

    assertThat(usedSerializer.get()).isSameAs(plain);
    assertThat(container.getMaxDeliveries()).isEqualTo(2);
    assertThat(container.getSettings().notRetryable())
        .containsExactly(UnsupportedOperationException.class);
    SimpleSafeQueueListenerEndpoint other =
        new SimpleSafeQueueListenerEndpoint("o", "orders", noop) {
          @Override
          public SafeQueueListenerAdapter createListener(
              PayloadSerializer given,
              SafeRedisQueue queue,
              Function<String, SafeRedisQueue> queues) {
            usedSerializer.set(given);
            return super.createListener(given, queue, queues);
          }
        };
    factory.createListenerContainer(other);
    assertThat(usedSerializer.get())
        .isNotSameAs(plain)
        .isInstanceOf(JacksonPayloadSerializer.class);
  }

  @Test
  void invalidSettingsNameTheValueAndWhatIsAllowed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.setConcurrency(0))
        .withMessage("concurrency must be a whole number >= 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.setBatchSize(-2))
        .withMessage("batchSize must be a whole number >= 1, was -2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.setPollTimeout(Duration.ZERO))
        .withMessage("pollTimeout must be at least 1ms, was PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.setShutdownTimeout(Duration.ofSeconds(-1)))
        .withMessage("shutdownTimeout must be zero or positive, was PT-1S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.setRecoveryInterval(Duration.ZERO, Duration.ofSeconds(1)))
        .withMessage("recovery interval must be at least 1ms, was PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.setRecoveryInterval(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .withMessage("maximum recovery interval must be at least the initial one (PT2S), was PT1S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SimpleSafeQueueListenerEndpoint("id", " ", noop))
        .withMessage("queue name must be a non-blank string, was ' '");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SimpleSafeQueueListenerEndpoint("", "q", noop))
        .withMessage("listener id must be a non-blank string, was ''");
    SimpleSafeQueueListenerEndpoint endpoint = new SimpleSafeQueueListenerEndpoint("id", "q", noop);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> endpoint.setConcurrency(0))
        .withMessage("concurrency must be a whole number >= 1, was 0");
  }

  @Test
  void listenerExecutionFailureNamesListenerQueueAndUid() {
    var item = new SafeRedisQueueItem("0f0e", new byte[0]);
    var error =
        new io.saferedisqueue.listener.api.ListenerExecutionFailedException(
            "orders.handle", "orders", item.uid(), new IllegalStateException("boom"));
    assertThat(error)
        .hasMessage(
            "Listener 'orders.handle' failed on item 0f0e of queue 'orders':"
                + " java.lang.IllegalStateException: boom");
    assertThat(error.getListenerId()).isEqualTo("orders.handle");
    assertThat(error.getQueueName()).isEqualTo("orders");
    assertThat(error.getUid()).isEqualTo("0f0e");
  }
}

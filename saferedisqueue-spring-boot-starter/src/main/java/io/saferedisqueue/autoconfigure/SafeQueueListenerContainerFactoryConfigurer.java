package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.PropertyMapper;

/**
 * Configures a {@link SafeQueueListenerContainerFactory} as the starter configures its default one,
 * as Spring Boot's {@code SimpleRabbitListenerContainerFactoryConfigurer} does for Rabbit: with the
 * {@code saferedisqueue.listener.*} properties, the application's {@link PayloadSerializer}, the
 * serializer of each queue that sets its own {@code saferedisqueue.queues.<name>.payload-format},
 * virtual threads for the workers when {@code spring.threads.virtual.enabled} is true (Java 21+),
 * and the application's {@link SafeQueueErrorHandler} if it has exactly one. The starter provides
 * it as a bean; inject it to configure a further factory the same way, then adjust that one:
 *
 * <pre class="code">
 * &#64;Bean
 * SafeQueueListenerContainerFactory slowListenerFactory(
 *     SafeQueueListenerContainerFactoryConfigurer configurer, SafeRedisQueueFactory queueFactory) {
 *   SafeQueueListenerContainerFactory factory = new SafeQueueListenerContainerFactory(queueFactory);
 *   configurer.configure(factory);
 *   factory.setConcurrency(8);
 *   return factory;
 * }
 * </pre>
 *
 * <p>{@link SafeQueueListenerContainerFactoryCustomizer}s are applied to the default factory only.
 */
public final class SafeQueueListenerContainerFactoryConfigurer {

  private final SafeRedisQueueProperties properties;
  private @Nullable PayloadSerializer payloadSerializer;
  private @Nullable SafeQueueErrorHandler errorHandler;
  private boolean virtualThreads;

  /** Creates a configurer that applies these properties. */
  public SafeQueueListenerContainerFactoryConfigurer(SafeRedisQueueProperties properties) {
    this.properties = Objects.requireNonNull(properties, "properties");
  }

  /** The serializer for listener payloads; {@code null} keeps the factory's. */
  void setPayloadSerializer(@Nullable PayloadSerializer payloadSerializer) {
    this.payloadSerializer = payloadSerializer;
  }

  /** The error handler of the listeners; {@code null} keeps the factory's. */
  void setErrorHandler(@Nullable SafeQueueErrorHandler errorHandler) {
    this.errorHandler = errorHandler;
  }

  /** Whether the listeners' workers run on virtual threads ({@code spring.threads.virtual}). */
  void setVirtualThreads(boolean virtualThreads) {
    this.virtualThreads = virtualThreads;
  }

  /**
   * Applies the properties, serializers and error handler to the factory. Queues with a payload
   * format of their own are looked up in the factory's queue factory now, to take their serializer.
   */
  public void configure(SafeQueueListenerContainerFactory factory) {
    Objects.requireNonNull(factory, "factory");
    PropertyMapper map = PropertyMapper.get();
    SafeRedisQueueListenerProperties listener = properties.getListener();
    map.from(listener::getConcurrency).to(factory::setConcurrency);
    Integer batchSize = listener.getBatchSize();
    if (batchSize != null) {
      factory.setBatchSize(batchSize);
    }
    map.from(listener::getConsumerBatchSize).to(factory::setConsumerBatchSize);
    map.from(listener::getPollTimeout).to(factory::setPollTimeout);
    map.from(listener::getShutdownTimeout).to(factory::setShutdownTimeout);
    map.from(listener::isAutoStartup).to(factory::setAutoStartup);
    map.from(listener::getMaxDeliveries).to(factory::setMaxDeliveries);
    map.from(listener.getRetry()::toBackOff).to(factory::setBackOff);
    map.from(listener::getAckBatchSize).to(factory::setAckBatchSize);
    map.from(listener::getAckMaxDelay).to(factory::setAckMaxDelay);
    map.from(listener::isLeaseRenewal).to(factory::setLeaseRenewal);
    map.from(payloadSerializer).to(factory::setPayloadSerializer);
    map.from(errorHandler).to(factory::setErrorHandler);
    if (virtualThreads) {
      factory.setVirtualThreads(true);
    }
    // A queue with a payload format of its own is read as that queue writes.
    properties.getQueues().keySet().stream()
        .filter(name -> properties.settingsFor(name).ownPayloadFormat())
        .forEach(
            name ->
                factory.setPayloadSerializer(
                    name, factory.getQueueFactory().getOperations(name).settings().serializer()));
  }
}

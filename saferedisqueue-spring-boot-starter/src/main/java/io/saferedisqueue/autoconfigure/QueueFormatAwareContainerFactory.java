package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpoint;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The starter's container factory: listeners read payloads with the factory's serializer (the
 * application's {@code PayloadSerializer}), except on queues that set their own {@code
 * saferedisqueue.queues.<name>.payload-format}, whose listeners read with that queue's serializer.
 */
final class QueueFormatAwareContainerFactory extends SafeQueueListenerContainerFactory {

  private final SafeRedisQueueFactory queueFactory;
  private final Predicate<String> hasOwnFormat;

  QueueFormatAwareContainerFactory(
      SafeRedisQueueFactory queueFactory, Predicate<String> hasOwnFormat) {
    super(queueFactory);
    this.queueFactory = queueFactory;
    this.hasOwnFormat = hasOwnFormat;
  }

  @Override
  public SafeQueueListenerContainer createListenerContainer(SafeQueueListenerEndpoint endpoint) {
    if (hasOwnFormat.test(endpoint.getQueueName())) {
      PayloadSerializer serializer = queueFactory.getQueue(endpoint.getQueueName()).serializer();
      return super.createListenerContainer(new WithSerializer(endpoint, serializer));
    }
    return super.createListenerContainer(endpoint);
  }

  /** The endpoint, reading payloads with the given serializer instead of the factory's. */
  private record WithSerializer(SafeQueueListenerEndpoint endpoint, PayloadSerializer serializer)
      implements SafeQueueListenerEndpoint {

    @Override
    public String getId() {
      return endpoint.getId();
    }

    @Override
    public String getQueueName() {
      return endpoint.getQueueName();
    }

    @Override
    public @Nullable Integer getConcurrency() {
      return endpoint.getConcurrency();
    }

    @Override
    public @Nullable Boolean getAutoStartup() {
      return endpoint.getAutoStartup();
    }

    @Override
    public @Nullable SafeQueueErrorHandler getErrorHandler() {
      return endpoint.getErrorHandler();
    }

    @Override
    public SafeQueueItemListener createItemListener(PayloadSerializer ignored) {
      return endpoint.createItemListener(serializer);
    }
  }
}

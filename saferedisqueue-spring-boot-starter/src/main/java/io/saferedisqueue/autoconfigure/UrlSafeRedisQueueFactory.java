package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.DefaultSafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueBuilder;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The queue factory on the connection built from {@code saferedisqueue.url}: it owns that
 * connection and closes it after its queues.
 */
final class UrlSafeRedisQueueFactory extends DefaultSafeRedisQueueFactory {

  private final LettuceConnectionFactory connectionFactory;

  UrlSafeRedisQueueFactory(
      LettuceConnectionFactory connectionFactory,
      BiConsumer<String, SafeRedisQueueBuilder> customizer,
      ToIntFunction<String> partCounts) {
    super(connectionFactory, customizer, partCounts);
    this.connectionFactory = connectionFactory;
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      connectionFactory.destroy();
    }
  }
}

package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.RedisUrl;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Deletes what a benchmark run left in Redis, on a connection of its own to the benchmarked server
 * (built from the same url as the queues, so unix sockets, TLS and passwords work alike).
 */
final class QueueCleanup implements AutoCloseable {

  private final LettuceConnectionFactory connectionFactory;
  private final StringRedisTemplate template;

  QueueCleanup(String url) {
    this.connectionFactory = RedisUrl.parse(url).createConnectionFactory(Duration.ofSeconds(60));
    this.template = new StringRedisTemplate(connectionFactory);
  }

  /** Deletes every key of the queue with this name, the original five and the extra ones. */
  void deleteKeys(String queueName) {
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(queueName);
    template.delete(
        List.of(
            keys.items(),
            keys.queue(),
            keys.ackbuf(),
            keys.backup(),
            keys.backupLock(),
            keys.deliveries(),
            keys.delayed(),
            keys.dead(),
            keys.deadItems(),
            keys.deadInfo()));
  }

  @Override
  public void close() {
    connectionFactory.destroy();
  }
}

package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.localredis.LocalRedisSentinel;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Durable writes through Sentinel (a real primary, replica and three Sentinels): the connection
 * factory finds the primary through the Sentinels, and a durable push returns once the replica has
 * the item; an untagged name is fine, Sentinel is no cluster.
 */
class SentinelDurableWritesIntegrationTests {

  private static LocalRedisSentinel sentinel;
  private static LettuceConnectionFactory connectionFactory;

  @BeforeAll
  static void start() {
    sentinel = LocalRedisSentinel.builder().build().start();
    RedisSentinelConfiguration configuration =
        new RedisSentinelConfiguration().master(sentinel.masterName());
    for (LocalRedisServer node : sentinel.sentinels()) {
      configuration.sentinel(node.host(), node.port());
    }
    connectionFactory = new LettuceConnectionFactory(configuration);
    connectionFactory.afterPropertiesSet();
    connectionFactory.start();
  }

  @AfterAll
  static void stop() {
    if (connectionFactory != null) {
      connectionFactory.destroy();
    }
    if (sentinel != null) {
      sentinel.close();
    }
  }

  @Test
  void aDurablePushThroughSentinelReturnsOnceTheReplicaHasIt() {
    String name = QueueTestSupport.uniqueName("sentinel-durable");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    LocalRedisServer replica =
        sentinel.dataNodes().stream()
            .filter(node -> node != sentinel.primary())
            .findFirst()
            .orElseThrow();
    try (SafeRedisQueue queue =
            SafeRedisQueue.builder(connectionFactory)
                .name(name)
                .durableReplicas(1)
                .durableTimeout(Duration.ofSeconds(5))
                .build();
        RedisInspector onReplica = RedisInspector.connect(replica.url())) {
      String uid = queue.push("through sentinel");
      assertThat(onReplica.field(keys.items(), uid))
          .isEqualTo("through sentinel".getBytes(StandardCharsets.UTF_8));
      assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);
      assertThat(queue.ack(uid)).isTrue();
      assertThat(onReplica.hasField(keys.items(), uid)).isFalse();
    }
  }
}

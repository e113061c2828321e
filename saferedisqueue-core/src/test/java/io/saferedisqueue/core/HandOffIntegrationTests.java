package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Acking an item of one queue and pushing the next step into another, atomically. */
@ExtendWith(RedisTestExtension.class)
class HandOffIntegrationTests {

  private final RedisTestServer redis;

  HandOffIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @Test
  void onOneConnectionFactoryTheAckAndThePushAreOneScript() {
    LettuceConnectionFactory factory = factory();
    String tag = QueueTestSupport.uniqueName("{pipe");
    try (SafeRedisQueue paid = SafeRedisQueue.builder(factory).name(tag + "}.paid").build();
        SafeRedisQueue shipped = SafeRedisQueue.builder(factory).name(tag + "}.shipped").build();
        RedisInspector inspector = RedisInspector.connect(redis.url())) {
      assertThat(paid.isHandOffAtomic(shipped)).isTrue();
      // A first hand-off loads the script into Redis.
      paid.push("warm-up");
      paid.handOff(paid.tryPop().orElseThrow().uid(), shipped, bytes("warm-up shipped"));
      shipped.tryPop().ifPresent(item -> shipped.ack(item.uid()));

      String uid = paid.push("order 1 paid");
      SafeRedisQueueItem item = paid.tryPop().orElseThrow();
      long scriptsBefore = inspector.commandCalls("evalsha") + inspector.commandCalls("eval");
      String next = paid.handOff(item.uid(), shipped, bytes("order 1 shipped")).orElseThrow();
      // The ack and the push were one script.
      assertThat(inspector.commandCalls("evalsha") + inspector.commandCalls("eval") - scriptsBefore)
          .isEqualTo(1);

      assertThat(paid.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
      assertThat(inspector.hasField(SafeRedisQueueKeys.forName(paid.name()).items(), uid))
          .isFalse();
      SafeRedisQueueItem step = shipped.tryPop().orElseThrow();
      assertThat(step.uid()).isEqualTo(next);
      assertThat(step.payloadAsString()).isEqualTo("order 1 shipped");
    } finally {
      factory.destroy();
    }
  }

  @Test
  void anItemNoLongerInFlightPushesNothing() {
    LettuceConnectionFactory factory = factory();
    try (SafeRedisQueue from =
            SafeRedisQueue.builder(factory).name(QueueTestSupport.uniqueName("from")).build();
        SafeRedisQueue to =
            SafeRedisQueue.builder(factory).name(QueueTestSupport.uniqueName("to")).build()) {
      from.push("x");
      SafeRedisQueueItem item = from.tryPop().orElseThrow();
      assertThat(from.ack(item.uid())).isTrue();
      assertThat(from.handOff(item.uid(), to, bytes("never"))).isEmpty();
      assertThat(to.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    } finally {
      factory.destroy();
    }
  }

  @Test
  void queuesOnDifferentConnectionFactoriesPushThenAck() {
    try (SafeRedisQueue from =
            SafeRedisQueue.builder(redis.url()).name(QueueTestSupport.uniqueName("a")).build();
        SafeRedisQueue to =
            SafeRedisQueue.builder(redis.url()).name(QueueTestSupport.uniqueName("b")).build()) {
      assertThat(from.isHandOffAtomic(to)).isFalse();
      from.push("x");
      SafeRedisQueueItem item = from.tryPop().orElseThrow();
      String next = from.handOff(item.uid(), to, bytes("y")).orElseThrow();
      assertThat(from.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
      assertThat(to.tryPop().orElseThrow().uid()).isEqualTo(next);
    }
  }

  private LettuceConnectionFactory factory() {
    java.net.URI uri = java.net.URI.create(redis.url());
    LettuceConnectionFactory factory =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

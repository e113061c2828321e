package io.saferedisqueue.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/** A listener's result handed off to the next queue in the script that acks its item. */
@ExtendWith(RedisTestExtension.class)
class SafeQueueSendToIntegrationTests {

  private final RedisTestServer redis;
  private final String tag = "{pipe-" + UUID.randomUUID().toString().substring(0, 8) + "}";

  SafeQueueSendToIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @Component
  static class Pipeline {
    final List<String> shipped = new CopyOnWriteArrayList<>();

    @SafeQueueListener(queue = "${test.tag}.paid")
    @SafeQueueSendTo("${test.tag}.shipped")
    @Nullable String onPaid(String order) {
      return order.startsWith("skip") ? null : order + " shipped";
    }

    @SafeQueueListener(queue = "${test.tag}.shipped")
    void onShipped(String order) {
      shipped.add(order);
    }
  }

  @Component
  static class ReturnsNothing {
    @SafeQueueListener(queue = "${test.tag}.paid")
    @SafeQueueSendTo("${test.tag}.shipped")
    void onPaid(String order) {}
  }

  @Test
  void whatTheListenerReturnsIsPushedIntoTheNextQueueAndTheItemAcked() {
    try (AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, Pipeline.class)) {
      SafeRedisQueueFactory queues = context.getBean(SafeRedisQueueFactory.class);
      SafeRedisQueue paid = queues.getQueue(tag + ".paid");
      paid.push("order 1");
      paid.push("skip order 2");
      paid.push("order 3");
      Pipeline pipeline = context.getBean(Pipeline.class);
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(pipeline.shipped)
                      .containsExactlyInAnyOrder("order 1 shipped", "order 3 shipped"));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(paid.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
                assertThat(queues.getQueue(tag + ".shipped").admin().sizes())
                    .isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
              });
      assertThat(paid.isHandOffAtomic(queues.getQueue(tag + ".shipped"))).isTrue();
    }
  }

  @Test
  void aMethodThatReturnsNothingCannotSendItsResult() {
    assertThatThrownBy(() -> start(ListenerTestConfig.Fast.class, ReturnsNothing.class).close())
        .isInstanceOf(BeanInitializationException.class)
        .hasMessageContaining("onPaid")
        .hasMessageContaining("returns nothing");
  }

  private AnnotationConfigApplicationContext start(Class<?>... classes) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "test", Map.of(ListenerTestConfig.URL_PROPERTY, redis.url(), "test.tag", tag)));
    context.register(classes);
    try {
      context.refresh();
    } catch (RuntimeException ex) {
      context.close();
      throw ex;
    }
    return context;
  }
}

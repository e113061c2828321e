package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.annotation.SafeQueueUid;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code @SafeQueueListener} methods through the starter against a real Redis: the application
 * declares nothing but the annotated bean and properties.
 */
@ExtendWith({RedisTestExtension.class, OutputCaptureExtension.class})
class SafeQueueListenerAutoConfigurationIntegrationTests {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private final String texts = "texts-" + UUID.randomUUID().toString().substring(0, 8);
  private final String orders = "orders-" + UUID.randomUUID().toString().substring(0, 8);
  private final ApplicationContextRunner runner;

  SafeQueueListenerAutoConfigurationIntegrationTests(RedisTestServer redis) {
    this.runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    DataRedisAutoConfiguration.class,
                    SafeRedisQueueAutoConfiguration.class,
                    SafeQueueListenerAutoConfiguration.class))
            .withPropertyValues(
                "spring.data.redis.url=" + redis.url(),
                "test.texts=" + texts,
                "test.orders=" + orders,
                "saferedisqueue.listener.poll-timeout=200ms",
                "saferedisqueue.listener.shutdown-timeout=2s")
            .withBean(Listeners.class);
  }

  @Test
  void aListenerThatReturnsAcksTheItem() {
    runner.run(
        context -> {
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(texts);
          String uid = queue.push("Hello World");
          Listeners listeners = context.getBean(Listeners.class);
          await().atMost(PATIENCE).until(() -> listeners.texts.contains(uid + " Hello World"));
          await()
              .atMost(PATIENCE)
              .untilAsserted(
                  () ->
                      assertThat(queue.admin().sizes())
                          .isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
          assertThat(listeners.texts).hasSize(1);
        });
  }

  @Test
  void aListenerThatThrowsGetsTheItemAgain() {
    runner.run(
        context -> {
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(orders);
          queue.pushValue(new Order("A-1", 2));
          Listeners listeners = context.getBean(Listeners.class);
          await().atMost(PATIENCE).until(() -> listeners.orders.size() == 2);
          assertThat(listeners.orders).containsExactly("failed A-1", "processed A-1");
          await()
              .atMost(PATIENCE)
              .untilAsserted(
                  () ->
                      assertThat(queue.admin().sizes())
                          .isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
        });
  }

  /**
   * A queue with its own payload format reads with that format's serializer; the listener's own
   * maximum deliveries and not-retryable types still apply to it.
   */
  @Test
  void aQueueWithItsOwnPayloadFormatKeepsTheListenersMaxDeliveriesAndNotRetryable() {
    String limited = "limited-" + UUID.randomUUID().toString().substring(0, 8);
    String fatal = "fatal-" + UUID.randomUUID().toString().substring(0, 8);
    runner
        .withPropertyValues(
            "test.limited=" + limited,
            "test.fatal=" + fatal,
            "saferedisqueue.queues." + limited + ".payload-format=plain",
            "saferedisqueue.queues." + fatal + ".payload-format=plain")
        .withBean(FailingListeners.class)
        .run(
            context -> {
              SafeRedisQueueFactory queues = context.getBean(SafeRedisQueueFactory.class);
              SafeRedisQueue limitedQueue = queues.getQueue(limited);
              SafeRedisQueue fatalQueue = queues.getQueue(fatal);
              limitedQueue.push("fails every time");
              fatalQueue.push("cannot ever work");
              await()
                  .atMost(PATIENCE)
                  .until(
                      () ->
                          limitedQueue.deadLetters().count() == 1
                              && fatalQueue.deadLetters().count() == 1);
              FailingListeners listeners = context.getBean(FailingListeners.class);
              assertThat(listeners.limited).containsExactly("fails every time", "fails every time");
              assertThat(limitedQueue.deadLetters().list(0, 1).get(0).deliveries()).isEqualTo(2);
              assertThat(listeners.fatal).containsExactly("cannot ever work");
              assertThat(fatalQueue.deadLetters().list(0, 1).get(0).deliveries()).isEqualTo(1);
            });
  }

  @Test
  void closingTheContextReleasesTheBlockingConnectionsQuietly(CapturedOutput output) {
    runner
        .withPropertyValues("saferedisqueue.listener.concurrency=3")
        .run(
            context -> {
              SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(texts);
              queue.push("one");
              Listeners listeners = context.getBean(Listeners.class);
              await().atMost(PATIENCE).until(() -> listeners.texts.size() == 1);
              Thread.sleep(500); // every consumer is blocked in Redis now
            });
    assertThat(output).doesNotContain("already closed").doesNotContain("ERROR");
  }

  @Test
  void listenersDoNotRunWhenSwitchedOff() {
    runner
        .withPropertyValues("saferedisqueue.listener.enabled=false")
        .run(
            context -> {
              SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(texts);
              queue.push("nobody listens");
              Thread.sleep(1000);
              assertThat(context.getBean(Listeners.class).texts).isEmpty();
              assertThat(queue.admin().sizes().waiting()).isEqualTo(1);
            });
  }

  /** Listeners that always fail, with their own maximum and not-retryable type. */
  static class FailingListeners {
    final List<String> limited = new CopyOnWriteArrayList<>();
    final List<String> fatal = new CopyOnWriteArrayList<>();

    @SafeQueueListener(queue = "${test.limited}", maxDeliveries = "2")
    void onLimited(String text) {
      limited.add(text);
      throw new IllegalStateException("fails on purpose");
    }

    @SafeQueueListener(queue = "${test.fatal}", notRetryable = UnsupportedOperationException.class)
    void onFatal(String text) {
      fatal.add(text);
      throw new UnsupportedOperationException("never works");
    }
  }

  record Order(String id, int quantity) {}

  /** Listener methods, found by the starter with no @Enable... annotation. */
  static class Listeners {
    final List<String> texts = new CopyOnWriteArrayList<>();
    final List<String> orders = new CopyOnWriteArrayList<>();

    @SafeQueueListener(queue = "${test.texts}")
    void onText(String text, @SafeQueueUid String uid) {
      texts.add(uid + " " + text);
    }

    @SafeQueueListener(queue = "${test.orders}")
    void onOrder(Order order) {
      if (orders.isEmpty()) {
        orders.add("failed " + order.id());
        throw new IllegalStateException("first delivery of " + order.id() + " fails on purpose");
      }
      orders.add("processed " + order.id());
    }
  }
}

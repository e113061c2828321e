package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configured queues and the autoclean job against a real Redis. */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueAutoConfigurationIntegrationTests {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private final RedisTestServer redis;
  private final ApplicationContextRunner runner;

  SafeRedisQueueAutoConfigurationIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
    this.runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    DataRedisAutoConfiguration.class, SafeRedisQueueAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.url=" + redis.url());
  }

  @Test
  void pushPopAndAckThroughTheAutoConfiguredQueue() {
    String name = uniqueName("basic");
    runner
        .withPropertyValues("saferedisqueue.name=" + name)
        .run(
            context -> {
              SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
              String uid = queue.push("Hello World");
              String orderUid = queue.pushValue(new Order("A-1", 2));

              SafeRedisQueueItem item = queue.pop(Duration.ofSeconds(2)).orElseThrow();
              assertThat(item.uid()).isEqualTo(uid);
              assertThat(item.payloadAsString()).isEqualTo("Hello World");
              assertThat(queue.ack(item.uid())).isTrue();

              SafeRedisQueueItem order = queue.pop(Duration.ofSeconds(2)).orElseThrow();
              assertThat(order.uid()).isEqualTo(orderUid);
              assertThat(queue.read(order, Order.class)).isEqualTo(new Order("A-1", 2));
              assertThat(order.payloadAsString()).isEqualTo("{\"id\":\"A-1\",\"quantity\":2}");
              assertThat(queue.ack(order.uid())).isTrue();

              assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
            });
  }

  @Test
  void theJobRequeuesTheItemOfAVanishedConsumerWithoutAnyPop() {
    String name = uniqueName("job");
    runner
        .withPropertyValues("saferedisqueue.name=" + name, "saferedisqueue.autoclean-interval=1s")
        .run(
            context -> {
              SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
              String uid = queue.push("work");
              popAndVanish(name);
              assertThat(queue.admin().sizes().waiting()).isZero();

              // Nobody pops from here on: only the job can bring the item back.
              await()
                  .atMost(PATIENCE)
                  .untilAsserted(() -> assertThat(queue.admin().sizes().waiting()).isEqualTo(1));
              assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);
            });
  }

  @Test
  void theJobAlsoCleansQueuesCreatedAfterStartup() {
    String name = uniqueName("late");
    runner
        .withPropertyValues("saferedisqueue.autoclean-interval=1s")
        .run(
            context -> {
              Thread.sleep(1500); // the job is already running
              SafeRedisQueue late = context.getBean(SafeRedisQueueFactory.class).getQueue(name);
              late.push("late work");
              popAndVanish(name);
              await()
                  .atMost(PATIENCE)
                  .untilAsserted(() -> assertThat(late.admin().sizes().waiting()).isEqualTo(1));
            });
  }

  @Test
  void aQueueWhoseJobIsDisabledIsLeftAlone() {
    String manual = uniqueName("manual");
    String cleaned = uniqueName("cleaned");
    runner
        .withPropertyValues(
            "saferedisqueue.autoclean-interval=1s",
            "saferedisqueue.queues." + manual + ".autoclean-job-enabled=false",
            "saferedisqueue.queues." + cleaned + ".autoclean-interval=1s")
        .run(
            context -> {
              SafeRedisQueue manualQueue = context.getBean(manual, SafeRedisQueue.class);
              SafeRedisQueue cleanedQueue = context.getBean(cleaned, SafeRedisQueue.class);
              manualQueue.push("stays in flight");
              cleanedQueue.push("comes back");
              popAndVanish(manual);
              popAndVanish(cleaned);

              await()
                  .atMost(PATIENCE)
                  .untilAsserted(
                      () -> assertThat(cleanedQueue.admin().sizes().waiting()).isEqualTo(1));
              Thread.sleep(1500); // more than another interval
              SafeRedisQueueSizes sizes = manualQueue.admin().sizes();
              assertThat(sizes.waiting()).isZero();
              assertThat(sizes.inFlight()).isEqualTo(1);
            });
  }

  @Test
  void autocleanDisabledMeansNoRotationAtAllNeitherByJobNorByPop() {
    String name = uniqueName("noclean");
    runner
        .withPropertyValues(
            "saferedisqueue.name=" + name,
            "saferedisqueue.autoclean-interval=1s",
            "saferedisqueue.autoclean-enabled=false")
        .run(
            context -> {
              SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
              queue.push("orphan");
              popAndVanish(name);
              for (int i = 0; i < 6; i++) {
                assertThat(queue.pop(Duration.ofMillis(500))).isEmpty();
              }
              SafeRedisQueueSizes sizes = queue.admin().sizes();
              assertThat(sizes.waiting()).isZero();
              assertThat(sizes.inFlight()).isEqualTo(1);
            });
  }

  @Test
  void urlWinsOverSpringDataRedis() {
    String name = uniqueName("url");
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class, SafeRedisQueueAutoConfiguration.class))
        .withPropertyValues(
            "spring.data.redis.host=127.0.0.1",
            "spring.data.redis.port=1",
            "saferedisqueue.url=" + redis.url(),
            "saferedisqueue.name=" + name)
        .run(
            context -> {
              SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
              String uid = queue.push("via url");
              try (SafeRedisQueue direct =
                  SafeRedisQueue.builder(redis.url()).name(name).disableAutoclean().build()) {
                SafeRedisQueueItem item = direct.tryPop().orElseThrow();
                assertThat(item.uid()).isEqualTo(uid);
                assertThat(direct.ack(uid)).isTrue();
              }
            });
  }

  /** A consumer that takes one item and disappears without acking it. */
  private void popAndVanish(String name) {
    try (SafeRedisQueue consumer =
        SafeRedisQueue.builder(redis.url()).name(name).disableAutoclean().build()) {
      assertThat(consumer.pop(Duration.ofSeconds(2))).isPresent();
    }
  }

  private static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  record Order(String id, int quantity) {}
}

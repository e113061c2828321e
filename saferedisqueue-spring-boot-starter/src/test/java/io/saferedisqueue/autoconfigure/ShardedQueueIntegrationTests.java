package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpoint;
import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpoint.SafeRedisQueueDescriptor;
import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpointAutoConfiguration;
import io.saferedisqueue.autoconfigure.endpoint.ShardedQueueDescriptor;
import io.saferedisqueue.autoconfigure.health.SafeRedisQueueHealthAutoConfiguration;
import io.saferedisqueue.autoconfigure.health.SafeRedisQueueHealthIndicator;
import io.saferedisqueue.autoconfigure.metrics.SafeRedisQueueMetricsAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.shard.SafeRedisQueueShards;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/**
 * A queue configured with {@code shards=3} on one real Redis: the bean, the listener over every
 * shard, the autoclean job, metrics, health and the endpoint.
 */
@ExtendWith(RedisTestExtension.class)
class ShardedQueueIntegrationTests {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final String name = "sharded-" + UUID.randomUUID().toString().substring(0, 8);
  private final ApplicationContextRunner runner;

  private static RedisInspector inspector;

  ShardedQueueIntegrationTests(RedisTestServer redis) {
    this.runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    DataRedisAutoConfiguration.class,
                    SafeRedisQueueAutoConfiguration.class,
                    SafeQueueListenerAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    SafeRedisQueueMetricsAutoConfiguration.class,
                    SafeRedisQueueHealthAutoConfiguration.class,
                    SafeRedisQueueEndpointAutoConfiguration.class))
            .withPropertyValues(
                "spring.data.redis.url=" + redis.url(),
                "test.queue=" + name,
                "saferedisqueue.queues." + name + ".shards=3",
                "saferedisqueue.queues." + name + ".autoclean-interval=1s",
                "saferedisqueue.listener.poll-timeout=200ms",
                "saferedisqueue.listener.shutdown-timeout=2s",
                "saferedisqueue.metrics.sizes-time-to-live=50ms",
                "management.endpoints.web.exposure.include=saferedisqueue");
  }

  @BeforeAll
  static void openInspector(RedisTestServer redis) {
    inspector = RedisInspector.connect(redis.url());
  }

  @AfterAll
  static void closeInspector() {
    inspector.close();
  }

  @Test
  void aBatchListenerTakesBatchesFromEveryShard() {
    runner
        .withBean(BatchListener.class)
        .run(
            context -> {
              SafeRedisQueueShards queue = context.getBean(name, SafeRedisQueueShards.class);
              List<String> pushed = new ArrayList<>();
              for (int i = 0; i < 60; i++) {
                pushed.add("item-" + i);
              }
              // Pushed while the containers are paused, so each shard has a backlog to batch.
              SafeQueueListenerEndpointRegistry registry =
                  context.getBean(SafeQueueListenerEndpointRegistry.class);
              registry.pause("sharded-batch");
              pushed.forEach(queue::push);
              registry.resume("sharded-batch");
              BatchListener listener = context.getBean(BatchListener.class);
              await()
                  .atMost(PATIENCE)
                  .until(() -> listener.batches.stream().mapToInt(List::size).sum() >= 60);
              await()
                  .atMost(PATIENCE)
                  .until(() -> queue.stats().inFlight() == 0 && queue.stats().waiting() == 0);
              assertThat(listener.batches.stream().flatMap(List::stream))
                  .containsExactlyInAnyOrderElementsOf(pushed);
              assertThat(listener.batches)
                  .allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(5));
              assertThat(listener.batches)
                  .anySatisfy(batch -> assertThat(batch).hasSizeGreaterThan(1));
              assertThat(registry.getListenerContainers("sharded-batch")).hasSize(3);
            });
  }

  @Test
  void theListenerReceivesEveryItemOfEveryShardOnceWithOneContainerPerShard() {
    runner
        .withBean(Listener.class)
        .run(
            context -> {
              SafeRedisQueueShards queue = context.getBean(name, SafeRedisQueueShards.class);
              assertThat(queue.parts())
                  .extracting(SafeRedisQueue::name)
                  .containsExactly("{" + name + "-0}", "{" + name + "-1}", "{" + name + "-2}");
              // Every shard has the logical queue's settings.
              assertThat(queue.parts())
                  .allSatisfy(
                      shard ->
                          assertThat(shard.settings().autocleanInterval())
                              .contains(Duration.ofSeconds(1)));
              List<String> pushed = new ArrayList<>();
              for (int i = 0; i < 60; i++) {
                queue.push("item-" + i);
                pushed.add("item-" + i);
              }
              Listener listener = context.getBean(Listener.class);
              await().atMost(PATIENCE).until(() -> listener.received.size() >= 60);
              await()
                  .atMost(PATIENCE)
                  .until(() -> queue.stats().inFlight() == 0 && queue.stats().waiting() == 0);
              assertThat(listener.received).containsExactlyInAnyOrderElementsOf(pushed);
              for (SafeRedisQueue shard : queue.parts()) {
                assertThat(inspector.hashSize(SafeRedisQueueKeys.forName(shard.name()).items()))
                    .isZero();
              }

              SafeQueueListenerEndpointRegistry registry =
                  context.getBean(SafeQueueListenerEndpointRegistry.class);
              List<SafeQueueListenerContainer> containers =
                  registry.getListenerContainers("sharded-listener");
              assertThat(containers)
                  .extracting(SafeQueueListenerContainer::getListenerId)
                  .containsExactly(
                      "sharded-listener-0", "sharded-listener-1", "sharded-listener-2");
              assertThat(containers)
                  .extracting(SafeQueueListenerContainer::getQueue)
                  .containsExactlyElementsOf(queue.parts());
              // The endpoint pauses the listener as a whole by its own id.
              Object paused =
                  context
                      .getBean(SafeRedisQueueEndpoint.class)
                      .act("listeners", "sharded-listener", "pause");
              assertThat(((Map<?, ?>) paused).keySet().stream().map(Object::toString).toList())
                  .containsExactlyInAnyOrder(
                      "sharded-listener-0", "sharded-listener-1", "sharded-listener-2");
              assertThat(containers).allMatch(SafeQueueListenerContainer::isPaused);
              registry.resume("sharded-listener");
              assertThat(containers).noneMatch(SafeQueueListenerContainer::isPaused);
            });
  }

  @Test
  void metricsHealthAndTheEndpointShowEveryShardAndTheTotal() {
    runner.run(
        context -> {
          SafeRedisQueueShards queue = context.getBean(name, SafeRedisQueueShards.class);
          for (int i = 0; i < 7; i++) {
            queue.push("item-" + i);
          }
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          await()
              .atMost(PATIENCE)
              .until(
                  () ->
                      meters.get("saferedisqueue.shards.waiting").tag("queue", name).gauge().value()
                          == 7);
          assertThat(
                  meters
                      .get("saferedisqueue.shards.waiting")
                      .tag("queue", name)
                      .gauge()
                      .getId()
                      .getTag("shards"))
              .isEqualTo("3");
          assertThat(gauge(meters, "{" + name + "-0}")).isEqualTo(3);
          assertThat(gauge(meters, "{" + name + "-1}")).isEqualTo(2);
          assertThat(gauge(meters, "{" + name + "-2}")).isEqualTo(2);

          Health health = context.getBean(SafeRedisQueueHealthIndicator.class).health();
          @SuppressWarnings("unchecked")
          Map<String, Map<String, Object>> queues =
              (Map<String, Map<String, Object>>) health.getDetails().get("queues");
          assertThat(queues.get("{" + name + "-0}")).containsEntry("waiting", 3L);
          assertThat(queues.get("{" + name + "-2}")).containsEntry("waiting", 2L);
          @SuppressWarnings("unchecked")
          Map<String, Map<String, Object>> sharded =
              (Map<String, Map<String, Object>>) health.getDetails().get("sharded");
          assertThat(sharded.get(name))
              .containsEntry("waiting", 7L)
              .containsEntry(
                  "shards", List.of("{" + name + "-0}", "{" + name + "-1}", "{" + name + "-2}"));

          SafeRedisQueueDescriptor described =
              context.getBean(SafeRedisQueueEndpoint.class).saferedisqueue();
          assertThat(described.queues().get("{" + name + "-1}").waiting()).isEqualTo(2);
          ShardedQueueDescriptor total = described.sharded().get(name);
          assertThat(total.waiting()).isEqualTo(7);
          assertThat(total.shards()).hasSize(3);
        });
  }

  @Test
  void theAutocleanJobRequeuesCrashedItemsOfEveryShard() {
    runner.run(
        context -> {
          SafeRedisQueueShards queue = context.getBean(name, SafeRedisQueueShards.class);
          for (int i = 0; i < 3; i++) {
            queue.push("crashed-" + i);
          }
          // One item from each shard, never acked; nothing pops afterwards, so only the job
          // rotates.
          assertThat(queue.popAvailable(3))
              .extracting(item -> item.queue())
              .containsExactlyInAnyOrder(
                  "{" + name + "-0}", "{" + name + "-1}", "{" + name + "-2}");
          assertThat(queue.stats().inFlight()).isEqualTo(3);
          await()
              .atMost(PATIENCE)
              .until(() -> queue.partStats().stream().allMatch(stats -> stats.waiting() == 1));
          assertThat(queue.stats().inFlight()).isZero();
        });
  }

  @Test
  void shardedQueueSettingsAreCheckedAtStartup() {
    runner
        .withPropertyValues("saferedisqueue.queues.orders.shards=1025")
        .run(
            context ->
                assertThat(failure(context.getStartupFailure()))
                    .contains(
                        "saferedisqueue.queues.orders.shards must be between 1 and 1024, was 1025"));
    runner
        .withPropertyValues("saferedisqueue.queues[{orders}].shards=3")
        .run(
            context ->
                assertThat(failure(context.getStartupFailure()))
                    .contains(
                        "saferedisqueue.queues.{orders}.shards=3: a sharded queue's name must not"
                            + " contain '{' or '}', was '{orders}'"));
    runner
        .withPropertyValues("saferedisqueue.name=" + name)
        .run(
            context ->
                assertThat(failure(context.getStartupFailure()))
                    .contains("saferedisqueue.name '" + name + "' names a queue with"));
  }

  @Test
  void theFactoryRefusesTheLogicalNameAsAPlainQueue() {
    runner.run(
        context -> {
          SafeRedisQueueFactory factory = context.getBean(SafeRedisQueueFactory.class);
          org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
              .isThrownBy(() -> factory.getQueue(name))
              .withMessageContaining("is sharded into 3 queues");
          assertThat(factory.getQueue("{" + name + "-2}"))
              .isSameAs(context.getBean(name, SafeRedisQueueShards.class).shard(2));
        });
  }

  private static double gauge(MeterRegistry meters, String queue) {
    return meters.get("saferedisqueue.queue.waiting").tag("queue", queue).gauge().value();
  }

  private static String failure(Throwable failure) {
    assertThat(failure).isNotNull();
    Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
    BindValidationException validation = find(failure);
    return validation != null ? validation.getMessage() : cause.getMessage();
  }

  private static BindValidationException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindValidationException found) {
        return found;
      }
    }
    return null;
  }

  static class Listener {
    final List<String> received = new CopyOnWriteArrayList<>();

    @SafeQueueListener(id = "sharded-listener", queue = "${test.queue}", concurrency = "2")
    void onItem(String item) {
      received.add(item);
    }
  }

  static class BatchListener {
    final List<List<String>> batches = new CopyOnWriteArrayList<>();

    @SafeQueueListener(
        id = "sharded-batch",
        queue = "${test.queue}",
        batch = "true",
        consumerBatchSize = "5")
    void onBatch(List<String> items) {
      batches.add(List.copyOf(items));
    }
  }
}

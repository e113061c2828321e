package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.localredis.LocalRedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Start-up on a real Redis Cluster ({@code spring.data.redis.cluster.nodes}): a queue or listener
 * whose name has no hash tag fails the start-up at once with an analysed configuration error naming
 * the queue and the tagged name, rather than retrying; tagged names start, and a durable queue's
 * push waits for its replica.
 */
class SafeRedisQueueClusterStartupIntegrationTests {

  private static LocalRedisCluster cluster;
  private ApplicationContextRunner runner;

  @BeforeAll
  static void startCluster() {
    cluster = LocalRedisCluster.builder().primaries(3).replicasPerPrimary(1).build().start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  SafeRedisQueueClusterStartupIntegrationTests() {
    this.runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    DataRedisAutoConfiguration.class,
                    SafeRedisQueueAutoConfiguration.class,
                    SafeQueueListenerAutoConfiguration.class))
            .withPropertyValues(
                "spring.data.redis.cluster.nodes=" + cluster.nodeAddresses(),
                "saferedisqueue.listener.poll-timeout=200ms",
                "saferedisqueue.listener.shutdown-timeout=2s");
  }

  @Test
  void aListenerOnAQueueWithoutHashTagFailsStartupNamingTheQueueAndTheFix() {
    runner
        .withPropertyValues("saferedisqueue.name={default}")
        .withBean(UntaggedListener.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis =
                  new SafeRedisQueueConfigurationFailureAnalyzer()
                      .analyze(context.getStartupFailure());
              // The analyzer answers only when a SafeRedisQueueConfigurationException caused it.
              assertThat(analysis).isNotNull();
              assertThat(analysis.getCause())
                  .isInstanceOf(SafeRedisQueueConfigurationException.class);
              assertThat(analysis.getDescription())
                  .startsWith("saferedisqueue cannot use a queue on this Redis Cluster.")
                  .contains("queue name 'orders' has no hash tag", "name it '{orders}'");
              assertThat(analysis.getAction())
                  .contains("@SafeQueueListener(queue = \"{orders}\")", "saferedisqueue.name");
            });
  }

  @Test
  void theDefaultQueueNeedsAHashTagToo() {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          FailureAnalysis analysis =
              new SafeRedisQueueConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(analysis).isNotNull();
          assertThat(analysis.getDescription()).contains("queue name '0' has no hash tag", "'{0}'");
        });
  }

  @Test
  void taggedNamesStartAndADurableQueuePushes() {
    runner
        .withPropertyValues(
            "saferedisqueue.name={default}",
            "saferedisqueue.queues.[{orders}].durable-replicas=1",
            "saferedisqueue.queues.[{orders}].durable-timeout=3s")
        .withBean(TaggedListener.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SafeRedisQueue orders = context.getBean("{orders}", SafeRedisQueue.class);
              String uid = orders.push("on the cluster");
              TaggedListener listener = context.getBean(TaggedListener.class);
              org.awaitility.Awaitility.await()
                  .atMost(Duration.ofSeconds(15))
                  .until(() -> listener.received.contains(uid));
            });
  }

  static class UntaggedListener {
    @SafeQueueListener(queue = "orders")
    void handle(String payload) {}
  }

  static class TaggedListener {
    final java.util.Set<String> received = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @SafeQueueListener(queue = "{orders}")
    void handle(String payload, @io.saferedisqueue.annotation.SafeQueueUid String uid) {
      received.add(uid);
    }
  }
}

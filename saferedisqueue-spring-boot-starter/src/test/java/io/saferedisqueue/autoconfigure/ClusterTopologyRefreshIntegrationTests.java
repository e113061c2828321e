package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.localredis.LocalRedisCluster;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the starter's topology refresh changes after a cluster failover, measured on a real cluster
 * of three primaries and three replicas: how long after the kill of a queue's primary pushes to
 * that queue go through again, with the refresh (the default) and without it. The figures are
 * printed; the test asserts only that with the refresh pushes resume at all.
 */
class ClusterTopologyRefreshIntegrationTests {

  private static final String QUEUE = "{fo-r}";

  /** How long the test waits for pushes to resume; without the refresh they may never. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @ParameterizedTest(name = "topology refresh {0}")
  @CsvSource({"on, true", "off, false"})
  void firstPushesToAKilledPrimarysSlots(String label, boolean refresh) throws Exception {
    try (LocalRedisCluster cluster = LocalRedisCluster.builder().build().start()) {
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class,
                  SafeRedisQueueLettuceAutoConfiguration.class,
                  SafeRedisQueueAutoConfiguration.class))
          .withPropertyValues(
              "spring.data.redis.cluster.nodes=" + cluster.nodeAddresses(),
              "spring.data.redis.timeout=2s",
              "spring.data.redis.connect-timeout=500ms",
              "saferedisqueue.name=" + QUEUE,
              "saferedisqueue.lettuce.cluster-refresh.enabled=" + refresh)
          .run(
              context -> {
                FailoverProducer producer =
                    new FailoverProducer(context.getBean(SafeRedisQueue.class));
                producer.start();
                try {
                  while (producer.pushedCount() < 100) {
                    Thread.sleep(10);
                  }
                  long killNanos = System.nanoTime();
                  cluster.killPrimaryOwning(SafeRedisQueueKeys.forName(QUEUE).items());
                  long promotedMillis = (System.nanoTime() - killNanos) / 1_000_000;
                  long deadline = System.nanoTime() + PATIENCE.toNanos();
                  while (!producer.resumedWith(50) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                  }
                  Duration resumed =
                      producer.resumedWith(50) ? producer.resumedAfter(killNanos) : null;
                  System.out.printf(
                      "Topology refresh %s: replica promoted %d ms after the kill; pushes to the"
                          + " killed primary's slot went through again %s (%d failed pushes)%n",
                      label,
                      promotedMillis,
                      resumed == null
                          ? "not within " + PATIENCE.toSeconds() + " s after the promotion"
                          : resumed.toMillis() + " ms after the kill",
                      producer.failures());
                  if (refresh) {
                    assertThat(resumed).as("pushes resume with the topology refresh").isNotNull();
                  }
                } finally {
                  producer.stop();
                }
              });
    }
  }
}

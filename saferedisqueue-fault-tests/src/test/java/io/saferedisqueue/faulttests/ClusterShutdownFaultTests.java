package io.saferedisqueue.faulttests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.localredis.LocalRedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fault 5: every node of the cluster a consumer process uses is killed (SIGKILL), then the process
 * is asked to stop (SIGTERM). It must exit within its listeners' shutdown timeout plus a few
 * seconds, although Lettuce's client shutdown can wait forever for nodes that are gone: the starter
 * bounds that wait ({@code saferedisqueue.lettuce.stop-timeout}).
 */
class ClusterShutdownFaultTests {

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(3);

  @Test
  void aConsumerWhoseClusterIsGoneExitsOnSigterm() throws Exception {
    try (LocalRedisCluster cluster =
            LocalRedisCluster.builder().primaries(3).replicasPerPrimary(0).build().start();
        ConsumerProcess consumer =
            ConsumerProcess.start(
                "--spring.data.redis.cluster.nodes=" + cluster.nodeAddresses(),
                "--saferedisqueue.name={fo-shut}",
                "--saferedisqueue.listener.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms",
                "--saferedisqueue.lettuce.stop-timeout=" + STOP_TIMEOUT.toMillis() + "ms",
                "--fault.queue={fo-shut}",
                "--fault.concurrency=2")) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> consumer.output().contains("Started listener 'fault'") || !consumer.isAlive());
      assertThat(consumer.isAlive()).as(consumer.output()).isTrue();

      cluster.killAll();
      // Let the consumer notice: its connections break and it starts retrying.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> consumer.output().contains("cannot use Redis"));

      long sigterm = System.nanoTime();
      consumer.terminate();
      Duration bound = SHUTDOWN_TIMEOUT.plus(STOP_TIMEOUT).plus(Duration.ofSeconds(10));
      boolean exited = consumer.waitForExit(bound);
      long millis = (System.nanoTime() - sigterm) / 1_000_000;
      System.out.printf(
          "cluster gone: consumer %s %d ms after SIGTERM (listener shutdown timeout %s,"
              + " saferedisqueue.lettuce.stop-timeout %s)%n",
          exited ? "exited" : "still running", millis, SHUTDOWN_TIMEOUT, STOP_TIMEOUT);
      assertThat(exited).as("exited within %s; output:%n%s", bound, consumer.output()).isTrue();
    }
  }
}

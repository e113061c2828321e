package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.localredis.LocalRedisCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line against a real Redis Cluster (three primaries, as real processes): an untagged
 * queue name ends the process with status 2 and one line naming the queue and the tagged name; the
 * tagged name works.
 */
class CommandLineClusterIntegrationTests {

  private static LocalRedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LocalRedisCluster.builder().primaries(3).replicasPerPrimary(0).build().start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anUntaggedQueueNameExitsTwoWithTheFixAndATaggedOneWorks() throws Exception {
    String nodes = "--spring.data.redis.cluster.nodes=" + cluster.nodeAddresses();
    try (SampleProcess producer = SampleProcess.start("producer", nodes)) {
      producer.input(List.of("never pushed"));
      assertThat(producer.waitFor(120)).as(producer.stderr()).isEqualTo(2);
      assertThat(producer.stderr())
          .contains(
              "saferedisqueue: queue name 'test' has no hash tag; on Redis Cluster its keys"
                  + " srq:test:* would be in different slots",
              "name it '{test}' (a Python client on the same cluster must use the name '{test}'"
                  + " too)");
    }
    try (SampleProcess producer =
        SampleProcess.start("producer", nodes, "--saferedisqueue.name={test}")) {
      producer.input(List.of("on the cluster"));
      assertThat(producer.waitFor(120)).as(producer.stderr()).isZero();
    }
    try (SampleProcess consumer =
        SampleProcess.start("consumer", nodes, "--saferedisqueue.name={test}")) {
      String line = consumer.nextLine(60_000);
      assertThat(line).as(consumer.stderr()).isNotNull().endsWith(" on the cluster");
    }
  }
}

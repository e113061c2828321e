package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.shard.SafeRedisQueueShards;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.listener.SimpleSafeQueueListenerEndpoint;
import io.saferedisqueue.localredis.LocalRedisCluster;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A sharded queue on a real Redis Cluster of three primaries (LocalRedisCluster): the shards' hash
 * tags put them on different nodes, each node holds the items of its shards, and every item is
 * delivered exactly once, by a plain consumer and by listeners with one container per shard.
 */
class ShardedQueueClusterIntegrationTests {

  private static LocalRedisCluster cluster;
  private static LettuceConnectionFactory connectionFactory;

  @BeforeAll
  static void startCluster() {
    cluster = LocalRedisCluster.builder().primaries(3).replicasPerPrimary(0).build().start();
    RedisClusterConfiguration configuration = new RedisClusterConfiguration();
    cluster.nodes().forEach(node -> configuration.clusterNode(node.host(), node.port()));
    connectionFactory = new LettuceConnectionFactory(configuration);
    connectionFactory.afterPropertiesSet();
    connectionFactory.start();
  }

  @AfterAll
  static void stopCluster() {
    if (connectionFactory != null) {
      connectionFactory.destroy();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Port of the node that owns each shard's keys, in shard order. */
  private static List<Integer> owners(SafeRedisQueueShards queue) {
    return queue.parts().stream()
        .map(
            shard -> cluster.primaryOwning(SafeRedisQueueKeys.forName(shard.name()).queue()).port())
        .toList();
  }

  @Test
  void shardsSpreadOverTheNodesAndEveryItemIsDeliveredOnce() {
    // "jobs" shards: {jobs-0}, {jobs-1}, {jobs-2}; their tags hash to slots on three different
    // nodes of a cluster with three equal slot ranges (a name whose tags collided would still be
    // correct, only not spread).
    try (SafeRedisQueueShards queue =
        SafeRedisQueue.builder(connectionFactory).name("jobs").buildShards(3)) {
      List<Integer> owners = owners(queue);
      assertThat(Set.copyOf(owners)).hasSizeGreaterThanOrEqualTo(2);
      List<String> pushed = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        pushed.add(queue.push("job-" + i));
      }
      Map<Integer, Long> itemsPerNode = new TreeMap<>();
      for (int shard = 0; shard < 3; shard++) {
        LocalRedisServer node =
            cluster.primaryOwning(SafeRedisQueueKeys.forName(queue.shard(shard).name()).queue());
        try (RedisInspector onNode = RedisInspector.connect(node.url())) {
          // Asked directly, the owning node holds the shard's 100 items.
          long waiting =
              onNode.listSize(SafeRedisQueueKeys.forName(queue.shard(shard).name()).queue());
          assertThat(waiting).isEqualTo(100);
          itemsPerNode.merge(node.port(), waiting, Long::sum);
        }
      }
      System.out.println(
          "Sharded queue 'jobs' on 3 primaries: shard owners "
              + owners
              + ", items per node "
              + itemsPerNode);
      assertThat(itemsPerNode).hasSizeGreaterThanOrEqualTo(2);

      List<String> delivered = new ArrayList<>();
      for (List<SafeRedisQueueItem> batch = queue.popAvailable(50);
          !batch.isEmpty();
          batch = queue.popAvailable(50)) {
        for (SafeRedisQueueItem item : batch) {
          delivered.add(item.uid());
          assertThat(queue.ack(item)).isTrue();
        }
      }
      assertThat(delivered)
          .hasSize(300)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(pushed);
      SafeRedisQueueStats total = queue.stats();
      assertThat(total.waiting()).isZero();
      assertThat(total.inFlight()).isZero();
    }
  }

  @Test
  void listenersWithOneContainerPerShardConsumeEveryItemOnceOnTheCluster() throws Exception {
    String name = "listened";
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    List<String> shardsSeen = new CopyOnWriteArrayList<>();
    try (DefaultSafeRedisQueueFactory factory =
        new DefaultSafeRedisQueueFactory(
            connectionFactory,
            (queueName, builder) -> builder.autocleanInterval(Duration.ofSeconds(5)),
            queueName -> queueName.equals(name) ? 3 : 1)) {
      SafeRedisQueueShards queue = (SafeRedisQueueShards) factory.getOperations(name);
      SafeQueueListenerContainerFactory containers = new SafeQueueListenerContainerFactory(factory);
      containers.setPollTimeout(Duration.ofMillis(200));
      containers.setConcurrency(2);
      SafeQueueListenerEndpointRegistry registry = new SafeQueueListenerEndpointRegistry();
      registry.registerListenerContainer(
          new SimpleSafeQueueListenerEndpoint(
              "cluster-listener",
              name,
              item -> {
                seen.merge(item.uid(), 1, Integer::sum);
                shardsSeen.add(Thread.currentThread().getName());
              }),
          containers);
      registry.start();
      try {
        assertThat(registry.getListenerContainers("cluster-listener"))
            .extracting(SafeQueueListenerContainer::getQueueName)
            .containsExactly("{listened-0}", "{listened-1}", "{listened-2}");
        List<String> pushed = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          pushed.add(queue.push("item-" + i));
        }
        await()
            .atMost(30, TimeUnit.SECONDS)
            .until(() -> seen.size() == 150 && queue.stats().inFlight() == 0);
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(pushed);
        assertThat(seen.values()).allMatch(count -> count == 1);
        // Workers of all three containers ran (threads are named srq-<container id>-<n>).
        assertThat(shardsSeen)
            .anyMatch(thread -> thread.startsWith("srq-cluster-listener-0-"))
            .anyMatch(thread -> thread.startsWith("srq-cluster-listener-1-"))
            .anyMatch(thread -> thread.startsWith("srq-cluster-listener-2-"));
        assertThat(queue.stats().waiting()).isZero();
      } finally {
        registry.stop();
      }
    }
  }
}

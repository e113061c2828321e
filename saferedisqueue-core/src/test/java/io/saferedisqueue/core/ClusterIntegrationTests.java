package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A queue named with a hash tag on a real three-node Redis Cluster (three redis-server processes
 * joined with CLUSTER MEET and ADDSLOTS): every key of the queue is in one slot, so every script
 * and the blocking pop run on one node.
 */
class ClusterIntegrationTests {

  private static final List<LocalRedisServer> nodes = new ArrayList<>();
  private static LettuceConnectionFactory connectionFactory;

  @BeforeAll
  static void startCluster() {
    for (int i = 0; i < 3; i++) {
      nodes.add(
          LocalRedisServer.builder()
              .port(clusterPort())
              .args("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
              .build()
              .start());
    }
    int slotsPerNode = SlotHash.SLOT_COUNT / nodes.size() + 1;
    for (int i = 0; i < nodes.size(); i++) {
      int first = i * slotsPerNode;
      int last = Math.min(SlotHash.SLOT_COUNT, first + slotsPerNode);
      int[] slots = IntStream.range(first, last).toArray();
      run(nodes.get(i), redis -> redis.sync().clusterAddSlots(slots));
      if (i > 0) {
        int port = nodes.get(i).port();
        run(nodes.get(0), redis -> redis.sync().clusterMeet("127.0.0.1", port));
      }
    }
    for (LocalRedisServer node : nodes) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> call(node, redis -> redis.sync().clusterInfo()).contains("cluster_state:ok"));
    }
    RedisClusterConfiguration cluster = new RedisClusterConfiguration();
    nodes.forEach(node -> cluster.clusterNode(node.host(), node.port()));
    connectionFactory = new LettuceConnectionFactory(cluster);
    connectionFactory.afterPropertiesSet();
    connectionFactory.start();
  }

  /** A free port whose cluster bus port (10,000 higher) exists and is free as well. */
  private static int clusterPort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = LocalRedisServer.freePort();
      if (port + 10_000 <= 65_535 && isFree(port + 10_000)) {
        return port;
      }
    }
    throw new IllegalStateException("No free port pair (port, port + 10000) for a cluster node");
  }

  private static boolean isFree(int port) {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (java.io.IOException ex) {
      return false;
    }
  }

  @AfterAll
  static void stopCluster() {
    if (connectionFactory != null) {
      connectionFactory.destroy();
    }
    nodes.forEach(LocalRedisServer::close);
  }

  @Test
  void aHandOffBetweenQueuesOfOneHashTagIsAtomicAndOtherwisePushesThenAcks() {
    String tag = "{pipe-" + System.nanoTime() + "}";
    try (SafeRedisQueue paid =
            SafeRedisQueue.builder(connectionFactory).name(tag + ".paid").build();
        SafeRedisQueue shipped =
            SafeRedisQueue.builder(connectionFactory).name(tag + ".shipped").build();
        SafeRedisQueue elsewhere =
            SafeRedisQueue.builder(connectionFactory).name(otherSlotThan(tag)).build()) {
      assertThat(paid.isHandOffAtomic(shipped)).isTrue();
      assertThat(paid.isHandOffAtomic(elsewhere)).isFalse();
      paid.push("a");
      paid.push("b");
      SafeRedisQueueItem a = paid.tryPop().orElseThrow();
      SafeRedisQueueItem b = paid.tryPop().orElseThrow();
      String toShipped =
          paid.handOff(a.uid(), shipped, "a shipped".getBytes(StandardCharsets.UTF_8))
              .orElseThrow();
      String toElsewhere =
          paid.handOff(b.uid(), elsewhere, "b elsewhere".getBytes(StandardCharsets.UTF_8))
              .orElseThrow();
      assertThat(paid.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
      assertThat(shipped.tryPop().orElseThrow().uid()).isEqualTo(toShipped);
      assertThat(elsewhere.tryPop().orElseThrow().uid()).isEqualTo(toElsewhere);
    }
  }

  @Test
  void aNameWithoutHashTagIsRefusedByTheBuilderAndTheFactory() {
    assertThatThrownBy(() -> SafeRedisQueue.builder(connectionFactory).name("orders").build())
        .isInstanceOf(SafeRedisQueueConfigurationException.class)
        .hasMessageContaining("queue name 'orders' has no hash tag")
        .hasMessageContaining("name it '{orders}'");
    try (DefaultSafeRedisQueueFactory factory =
        new DefaultSafeRedisQueueFactory(connectionFactory)) {
      assertThatThrownBy(() -> factory.getQueue("payments"))
          .isInstanceOf(SafeRedisQueueConfigurationException.class)
          .hasMessageContaining("'{payments}'");
      assertThat(factory.getQueue("{payments}").name()).isEqualTo("{payments}");
    }
  }

  /** A hash-tagged queue name whose keys are in another slot than the tag's. */
  private static String otherSlotThan(String tag) {
    int slot = SlotHash.getSlot(SafeRedisQueueKeys.forName(tag + ".x").items());
    for (int i = 0; ; i++) {
      String name = "{other-" + i + "}";
      if (SlotHash.getSlot(SafeRedisQueueKeys.forName(name).items()) != slot) {
        return name;
      }
    }
  }

  @Test
  void everyOperationWorksOnAClusterWithAHashTaggedName() throws Exception {
    String name = "{orders-" + System.nanoTime() + "}";
    try (SafeRedisQueue queue =
        SafeRedisQueue.builder(connectionFactory)
            .name(name)
            .maxDeliveries(2)
            .autocleanInterval(Duration.ofSeconds(1))
            .build()) {
      SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
      int slot = SlotHash.getSlot(keys.items());
      for (String key :
          List.of(keys.queue(), keys.ackbuf(), keys.backup(), keys.backupLock(), keys.dead())) {
        assertThat(SlotHash.getSlot(key)).isEqualTo(slot);
      }

      String first = queue.push("first");
      List<String> more =
          queue.pushAll(
              List.of(
                  "second".getBytes(StandardCharsets.UTF_8),
                  "third".getBytes(StandardCharsets.UTF_8)));
      assertThat(queue.pop(1).orElseThrow().uid()).isEqualTo(first);
      assertThat(queue.ack(first)).isTrue();
      assertThat(queue.popBatch(10, Duration.ofMillis(200)))
          .extracting(SafeRedisQueueItem::uid)
          .containsExactlyElementsOf(more);
      assertThat(queue.fail(more.get(0))).isTrue();
      assertThat(queue.ackAll(List.of(more.get(1)))).isEqualTo(1);

      // The failed item comes back once, then dead-letters on its second failure.
      SafeRedisQueueItem again = queue.tryPop().orElseThrow();
      assertThat(again.deliveries()).isEqualTo(2);
      assertThat(queue.fail(again.uid(), Duration.ZERO, "boom"))
          .isEqualTo(FailOutcome.DEAD_LETTERED);
      assertThat(queue.deadLetters().list(0, 10))
          .extracting(DeadLetter::uid)
          .containsExactly(again.uid());
      assertThat(queue.deadLetters().requeueAll()).isEqualTo(1);
      queue.ack(queue.tryPop().orElseThrow().uid());

      // A blocking pop on the cluster wakes for a later push.
      CompletableFuture<SafeRedisQueueItem> blocked =
          CompletableFuture.supplyAsync(() -> queue.pop(10).orElseThrow());
      Thread.sleep(300);
      String late = queue.push("late");
      assertThat(blocked.get(15, TimeUnit.SECONDS).uid()).isEqualTo(late);

      // Never acked: autoclean on the cluster brings it back.
      SafeRedisQueueItem recovered = queue.pop(6).orElseThrow();
      assertThat(recovered.uid()).isEqualTo(late);
      queue.ack(late);
      assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    }
  }

  private interface Action<T> {
    T apply(StatefulRedisConnection<String, String> redis);
  }

  private static void run(LocalRedisServer node, Action<?> action) {
    call(node, action);
  }

  private static <T> T call(LocalRedisServer node, Action<T> action) {
    RedisClient client = RedisClient.create(node.url());
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      return action.apply(redis);
    } finally {
      client.shutdown();
    }
  }
}

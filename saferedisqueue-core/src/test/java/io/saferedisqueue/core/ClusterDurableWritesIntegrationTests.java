package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.saferedisqueue.localredis.LocalRedisCluster;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Durable writes on a real cluster of three primaries with one replica each: {@code WAIT} runs on
 * the primary that owns the queue's slot, so a write returns once that primary's replica has it,
 * and fails naming that primary when its replica is frozen; a hand-off to a queue on another
 * primary waits on each primary for its own write.
 */
class ClusterDurableWritesIntegrationTests {

  private static LocalRedisCluster cluster;
  private static LettuceConnectionFactory connectionFactory;

  @BeforeAll
  static void start() {
    cluster = LocalRedisCluster.builder().primaries(3).replicasPerPrimary(1).build().start();
    RedisClusterConfiguration configuration = new RedisClusterConfiguration();
    cluster.nodes().forEach(node -> configuration.clusterNode(node.host(), node.port()));
    connectionFactory = new LettuceConnectionFactory(configuration);
    connectionFactory.afterPropertiesSet();
    connectionFactory.start();
  }

  @AfterAll
  static void stop() {
    if (connectionFactory != null) {
      connectionFactory.destroy();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static SafeRedisQueue durable(String name, Duration timeout) {
    return SafeRedisQueue.builder(connectionFactory)
        .name(name)
        .durableReplicas(1)
        .durableTimeout(timeout)
        .build();
  }

  @Test
  void aDurableWriteReturnsOnceTheReplicaOfTheOwningPrimaryHasIt() {
    String name = "{" + QueueTestSupport.uniqueName("cl-durable") + "}";
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    LocalRedisServer replica = replicaOf(cluster.primaryOwning(keys.items()));
    try (SafeRedisQueue queue = durable(name, Duration.ofSeconds(5))) {
      String uid = queue.push("clustered");
      assertThat(field(replica, keys.items(), uid)).isEqualTo("clustered");
      List<String> more = queue.pushAll(List.of("a".getBytes(StandardCharsets.UTF_8), bytes("b")));
      assertThat(fields(replica, keys.items())).containsAll(more);

      assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);
      assertThat(queue.ack(uid)).isTrue();
      assertThat(hasField(replica, keys.items(), uid)).isFalse();
    }
  }

  @Test
  void aHandOffToAQueueOnAnotherPrimaryWaitsOnEachPrimary() {
    String name = "{" + QueueTestSupport.uniqueName("cl-from") + "}";
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    LocalRedisServer owner = cluster.primaryOwning(keys.items());
    String nextName = onAnotherPrimaryThan(owner);
    SafeRedisQueueKeys nextKeys = SafeRedisQueueKeys.forName(nextName);
    LocalRedisServer nextReplica = replicaOf(cluster.primaryOwning(nextKeys.items()));
    try (SafeRedisQueue queue = durable(name, Duration.ofSeconds(5));
        SafeRedisQueue next = durable(nextName, Duration.ofSeconds(5))) {
      assertThat(queue.isHandOffAtomic(next)).isFalse();
      queue.push("step one");
      String uid = queue.tryPop().orElseThrow().uid();
      String newUid = queue.handOff(uid, next, bytes("step two")).orElseThrow();
      assertThat(field(nextReplica, nextKeys.items(), newUid)).isEqualTo("step two");
      assertThat(hasField(replicaOf(owner), keys.items(), uid)).isFalse();
    }
  }

  @Test
  void withTheOwningPrimarysReplicaFrozenAPushFailsNamingThatPrimary() throws Exception {
    String name = "{" + QueueTestSupport.uniqueName("cl-frozen") + "}";
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    LocalRedisServer owner = cluster.primaryOwning(keys.items());
    LocalRedisServer replica = replicaOf(owner);
    String pid =
        onReplica(replica, redis -> redis.info("server"))
            .lines()
            .filter(line -> line.startsWith("process_id:"))
            .findFirst()
            .orElseThrow()
            .substring("process_id:".length())
            .trim();
    try (SafeRedisQueue queue = durable(name, Duration.ofMillis(200))) {
      queue.push("warm-up");
      signal("-STOP", pid);
      SafeRedisQueueDurabilityException failure;
      try {
        failure =
            catchThrowableOfType(
                SafeRedisQueueDurabilityException.class, () -> queue.push("frozen replica"));
      } finally {
        signal("-CONT", pid);
      }
      assertThat(failure).isNotNull();
      assertThat(failure.getMessage())
          .contains(
              "primary 127.0.0.1:" + owner.port(), "only 0 of the 1 replica(s)", "within 200 ms");
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A hash-tagged queue name whose slot another primary owns. */
  private static String onAnotherPrimaryThan(LocalRedisServer owner) {
    for (int i = 0; ; i++) {
      String name = "{cl-next-" + i + "}";
      if (cluster.primaryOwning(SafeRedisQueueKeys.forName(name).items()) != owner) {
        return name;
      }
    }
  }

  private static LocalRedisServer replicaOf(LocalRedisServer primary) {
    return cluster.nodes().stream()
        .filter(node -> node != primary)
        .filter(
            node ->
                onReplica(node, redis -> redis.info("replication"))
                    .contains("master_port:" + primary.port()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no replica of port " + primary.port()));
  }

  private static String field(LocalRedisServer node, String key, String field) {
    return ClusterDurableWritesIntegrationTests.<String>onReplica(
        node, redis -> redis.hget(key, field));
  }

  private static List<String> fields(LocalRedisServer node, String key) {
    return ClusterDurableWritesIntegrationTests.<List<String>>onReplica(
        node, redis -> redis.hkeys(key));
  }

  private static boolean hasField(LocalRedisServer node, String key, String field) {
    return ClusterDurableWritesIntegrationTests.<Boolean>onReplica(
        node, redis -> redis.hexists(key, field));
  }

  /** A command on a node with READONLY, so a replica answers reads of its slots. */
  private static <T> T onReplica(
      LocalRedisServer node,
      Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> read) {
    RedisClient client = RedisClient.create(node.url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().readOnly();
      return read.apply(connection.sync());
    } finally {
      client.shutdown();
    }
  }

  private static void signal(String signal, String pid) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", signal, pid).inheritIO().start().waitFor();
    assertThat(exit).as("kill " + signal + " " + pid).isZero();
  }
}

package io.saferedisqueue.localredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real three-primary, three-replica cluster: forming it, killing a primary, closing it. */
class LocalRedisClusterTests {

  @Test
  void formsAHealthyClusterAndPromotesTheReplicaOfAKilledPrimary() {
    LocalRedisCluster cluster = LocalRedisCluster.builder().build().start();
    List<LocalRedisServer> nodes;
    try {
      nodes = cluster.nodes();
      assertThat(nodes).hasSize(6).allMatch(LocalRedisServer::isRunning);
      assertThat(nodes).allSatisfy(node -> assertThat(node.port()).isLessThan(55535));
      assertThat(cluster.nodeAddresses().split(",")).hasSize(6).allMatch(a -> a.startsWith("127."));
      for (LocalRedisServer node : nodes) {
        assertThat(RespCommand.string(node.port(), "CLUSTER", "INFO"))
            .contains("cluster_state:ok", "cluster_known_nodes:6", "cluster_size:3");
      }
      String key = "{fo-a}:items";
      assertThat(RespCommand.call(nodes.get(0).port(), "CLUSTER", "KEYSLOT", key))
          .isEqualTo((long) LocalRedisCluster.slot(key));

      LocalRedisServer owner = cluster.primaryOwning(key);
      assertThat(RespCommand.string(owner.port(), "SET", key, "before")).isEqualTo("OK");
      LocalRedisServer promoted = cluster.killPrimaryOwning(key);

      assertThat(owner.isRunning()).isFalse();
      assertThat(promoted).isNotSameAs(owner);
      assertThat(nodes.subList(3, 6)).contains(promoted);
      assertThat(cluster.primaryOwning(key)).isSameAs(promoted);
      assertThat(RespCommand.string(promoted.port(), "SET", key, "after")).isEqualTo("OK");
      for (LocalRedisServer node : nodes) {
        if (node.isRunning()) {
          assertThat(RespCommand.string(node.port(), "CLUSTER", "INFO"))
              .contains("cluster_state:ok");
        }
      }
    } finally {
      cluster.close();
    }
    assertThat(nodes).noneMatch(LocalRedisServer::isRunning);
    assertThat(nodes).noneMatch(node -> Files.exists(node.directory()));
  }

  @Test
  void computesSlotsAsRedisDoes() {
    assertThat(LocalRedisCluster.slot("foo")).isEqualTo(12182);
    assertThat(LocalRedisCluster.slot("{user1000}.following"))
        .isEqualTo(LocalRedisCluster.slot("user1000"));
    assertThat(LocalRedisCluster.slot("foo{}{bar}")).isNotEqualTo(LocalRedisCluster.slot("bar"));
  }

  @Test
  void refusesSettingsOutOfRangeNamingTheValue() {
    assertThatThrownBy(() -> LocalRedisCluster.builder().primaries(0))
        .hasMessageContaining("primaries must be 1..16, was 0");
    assertThatThrownBy(() -> LocalRedisCluster.builder().replicasPerPrimary(5))
        .hasMessageContaining("was 5");
    assertThatThrownBy(() -> LocalRedisCluster.builder().nodeTimeout(java.time.Duration.ZERO))
        .hasMessageContaining("was PT0S");
  }
}

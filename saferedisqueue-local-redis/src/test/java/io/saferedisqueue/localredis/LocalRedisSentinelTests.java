package io.saferedisqueue.localredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A real primary, replica and three Sentinels: the Sentinels promote the replica of a crash. */
class LocalRedisSentinelTests {

  @Test
  void theSentinelsPromoteTheReplicaWhenThePrimaryIsKilled() {
    List<LocalRedisServer> all;
    try (LocalRedisSentinel sentinel = LocalRedisSentinel.builder().build().start()) {
      List<LocalRedisServer> data = sentinel.dataNodes();
      all = new java.util.ArrayList<>(data);
      all.addAll(sentinel.sentinels());
      assertThat(sentinel.masterName()).isEqualTo("mymaster");
      assertThat(sentinel.sentinelAddresses().split(",")).hasSize(3);
      LocalRedisServer primary = sentinel.primary();
      assertThat(primary).isSameAs(data.get(0));
      assertThat(RespCommand.string(primary.port(), "SET", "k", "v")).isEqualTo("OK");

      LocalRedisServer promoted = sentinel.killPrimary();

      assertThat(primary.isRunning()).isFalse();
      assertThat(promoted).isSameAs(data.get(1));
      assertThat(sentinel.primary()).isSameAs(promoted);
      assertThat(RespCommand.string(promoted.port(), "INFO", "replication"))
          .contains("role:master");
      assertThat(RespCommand.string(promoted.port(), "SET", "k", "w")).isEqualTo("OK");
    }
    assertThat(all).noneMatch(LocalRedisServer::isRunning);
  }

  @Test
  void refusesAMasterNameThatSentinelCannotTake() {
    assertThatThrownBy(() -> LocalRedisSentinel.builder().masterName("my master"))
        .hasMessageContaining("was 'my master'");
  }
}

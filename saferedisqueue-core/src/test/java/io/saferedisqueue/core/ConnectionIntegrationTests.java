package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saferedisqueue.localredis.LocalRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Urls of every accepted form against real redis-server processes. */
class ConnectionIntegrationTests {

  @Test
  void unixSocketUrl() {
    try (LocalRedisServer server = LocalRedisServer.builder().unixSocket().build().start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder("unix://" + server.unixSocket() + "?db=3")
                .name("sock")
                .build()) {
      String uid = queue.push("over a socket");
      assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);
      assertThat(queue.endpoint()).isEqualTo("unix://" + server.unixSocket() + "?db=3");
      assertThat(queue.ack(uid)).isTrue();
    }
  }

  @Test
  void passwordUrlAndAWrongPasswordWhichIsAConfigurationError() {
    try (LocalRedisServer server = LocalRedisServer.builder().password("s3cret").build().start()) {
      try (SafeRedisQueue queue =
          SafeRedisQueue.builder("redis://:s3cret@127.0.0.1:" + server.port() + "/2").build()) {
        String uid = queue.push("secret work");
        assertThat(queue.tryPop().orElseThrow().payloadAsString()).isEqualTo("secret work");
        assertThat(queue.ack(uid)).isTrue();
      }
      try (SafeRedisQueue wrong =
          SafeRedisQueue.builder("redis://:wrong@127.0.0.1:" + server.port() + "/0")
              .commandTimeout(Duration.ofSeconds(5))
              .build()) {
        assertThatThrownBy(() -> wrong.push("x"))
            .isInstanceOf(SafeRedisQueueConfigurationException.class)
            .hasMessageContaining("127.0.0.1:" + server.port())
            .hasMessageContaining("WRONGPASS")
            .hasMessageContaining("refused the credentials");
      }
      try (SafeRedisQueue none =
          SafeRedisQueue.builder("redis://127.0.0.1:" + server.port()).build()) {
        assertThatThrownBy(() -> none.push("x"))
            .isInstanceOf(SafeRedisQueueConfigurationException.class)
            .hasMessageContaining("127.0.0.1:" + server.port())
            .hasMessageContaining("NOAUTH");
      }
    }
  }

  @Test
  void anAclUserWithoutThePermissionsOfTheQueueIsAConfigurationError() {
    try (LocalRedisServer server =
            LocalRedisServer.builder()
                .args("--user", "reader", "on", ">pw", "~*", "+@read", "+@connection")
                .build()
                .start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder("redis://reader:pw@127.0.0.1:" + server.port() + "/0")
                .evictionPolicyCheck(EvictionPolicyCheck.OFF)
                .commandTimeout(Duration.ofSeconds(5))
                .build()) {
      assertThatThrownBy(() -> queue.push("x"))
          .isInstanceOf(SafeRedisQueueConfigurationException.class)
          .hasMessageContaining("127.0.0.1:" + server.port())
          .hasMessageContaining("NOPERM")
          .hasMessageContaining("lacks a permission");
    }
  }

  @Test
  void unreachableRedisNamesHostAndPort() {
    int port = LocalRedisServer.freePort();
    try (SafeRedisQueue queue =
        SafeRedisQueue.builder("redis://127.0.0.1:" + port + "/0")
            .commandTimeout(Duration.ofSeconds(3))
            .build()) {
      assertThatThrownBy(() -> queue.push("x"))
          .isInstanceOf(SafeRedisQueueConnectionException.class)
          .hasMessageContaining("redis://127.0.0.1:" + port + "/0")
          .hasMessageContaining("queue '0'");
      assertThatThrownBy(() -> queue.pop(1))
          .isInstanceOf(SafeRedisQueueConnectionException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }
}

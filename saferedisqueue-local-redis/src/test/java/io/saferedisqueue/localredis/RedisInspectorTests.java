package io.saferedisqueue.localredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The inspector against a real redis-server with a password, on database 3 of its url. */
class RedisInspectorTests {

  private static LocalRedisServer server;

  @BeforeAll
  static void startServer() {
    server = LocalRedisServer.builder().password("s3cret").build().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String urlOfDatabase(int database) {
    return server.url().replaceFirst("/0$", "/" + database);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsWhatItsTemplateWroteOnTheDatabaseOfTheUrl() {
    try (RedisInspector inspector = RedisInspector.connect(urlOfDatabase(3));
        RedisInspector other = RedisInspector.connect(urlOfDatabase(0))) {
      inspector.template().opsForList().leftPushAll("l", bytes("b"), bytes("a"));
      inspector.template().opsForHash().put("h", "f", bytes("v"));
      inspector.template().opsForValue().set("s", bytes("1"), 30, TimeUnit.SECONDS);

      assertThat(inspector.list("l")).containsExactly("a", "b");
      assertThat(inspector.listSize("l")).isEqualTo(2);
      assertThat(inspector.list("missing")).isEmpty();
      assertThat(inspector.hasField("h", "f")).isTrue();
      assertThat(inspector.hasField("h", "g")).isFalse();
      assertThat(inspector.field("h", "f")).isEqualTo(bytes("v"));
      assertThat(inspector.field("h", "g")).isNull();
      assertThat(inspector.fields("h")).containsExactly("f");
      assertThat(inspector.hashSize("h")).isEqualTo(1);
      assertThat(inspector.string("s")).isEqualTo("1");
      assertThat(inspector.ttlMillis("s")).isBetween(1L, 30_000L);
      assertThat(inspector.ttlMillis("l")).isEqualTo(-1);
      assertThat(inspector.exists("s")).isTrue();
      // Database 0 is another keyspace.
      assertThat(other.exists("s")).isFalse();

      assertThat(inspector.delete("s")).isTrue();
      assertThat(inspector.exists("s")).isFalse();
      assertThat(inspector.delete(List.of("l", "h", "missing"))).isEqualTo(2);
      assertThat(inspector.commandCalls("lrange")).isGreaterThanOrEqualTo(2);
      assertThat(inspector.commandCalls("never-run")).isZero();
    }
  }

  @Test
  void aBorrowedFactoryStaysOpenAfterClose() {
    LettuceConnectionFactory factory = new LettuceConnectionFactory();
    factory.setPort(server.port());
    factory.setPassword(server.password());
    factory.afterPropertiesSet();
    factory.start();
    try {
      try (RedisInspector inspector = RedisInspector.on(factory)) {
        assertThat(inspector.info("server").getProperty("redis_version")).isNotBlank();
      }
      assertThat(factory.isRunning()).isTrue();
    } finally {
      factory.destroy();
    }
  }

  @Test
  void closeDestroysItsOwnFactory() {
    RedisInspector inspector = RedisInspector.connect(server.url());
    assertThat(inspector.exists("anything")).isFalse();
    inspector.close();
    assertThatThrownBy(() -> inspector.exists("anything")).isInstanceOf(RuntimeException.class);
  }
}

package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisUrlTests {

  @Test
  void plainTcpUrlWithDefaults() {
    assertThat(RedisUrl.parse("redis://localhost"))
        .isEqualTo(new RedisUrl("redis", "localhost", 6379, null, null, null, 0));
  }

  @Test
  void passwordPortAndDatabase() {
    RedisUrl url = RedisUrl.parse("redis://:p%40ss@cache.example:6380/4");
    assertThat(url.password()).isEqualTo("p@ss");
    assertThat(url.username()).isNull();
    assertThat(url.port()).isEqualTo(6380);
    assertThat(url.database()).isEqualTo(4);
    assertThat(url.toString()).isEqualTo("redis://cache.example:6380/4").doesNotContain("p@ss");
  }

  @Test
  void aclUserAndTls() {
    RedisUrl url = RedisUrl.parse("rediss://worker:pw@10.0.0.1:6390?db=2");
    assertThat(url.tls()).isTrue();
    assertThat(url.username()).isEqualTo("worker");
    assertThat(url.password()).isEqualTo("pw");
    assertThat(url.database()).isEqualTo(2);
  }

  @Test
  void unixSocketWithPasswordAndDatabase() {
    RedisUrl url = RedisUrl.parse("unix://:secret@/var/run/redis/redis.sock?db=5");
    assertThat(url.socketPath()).isEqualTo("/var/run/redis/redis.sock");
    assertThat(url.password()).isEqualTo("secret");
    assertThat(url.database()).isEqualTo(5);
    assertThat(url.endpoint()).isEqualTo("unix:///var/run/redis/redis.sock?db=5");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost:6379",
        "http://localhost",
        "redis://",
        "redis://host/abc",
        "redis://host/-1",
        "unix://relative.sock",
        "redis://host:notaport"
      })
  void malformedUrlsAreRejectedNamingTheUrlAndTheAcceptedForms(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RedisUrl.parse(url))
        .withMessageContaining("Invalid Redis url '" + url + "'")
        .withMessageContaining("expected redis://");
  }

  @Test
  void aMalformedUrlNeverShowsItsPassword() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RedisUrl.parse("redis://:topsecret@host/x"))
        .withMessageContaining("redis://:***@host/x")
        .withMessageNotContaining("topsecret");
  }

  @Test
  void emptyUrl() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RedisUrl.parse(" "))
        .withMessageContaining("must not be empty");
  }
}

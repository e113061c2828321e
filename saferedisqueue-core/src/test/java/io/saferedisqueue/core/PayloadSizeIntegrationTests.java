package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import io.saferedisqueue.testsupport.RedisCommandCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.util.unit.DataSize;

/**
 * A payload over the queue's maximum payload size is refused by every push, before anything is sent
 * to Redis, with a message that names its size and the limit; one at the limit is pushed.
 */
@ExtendWith(RedisTestExtension.class)
class PayloadSizeIntegrationTests {

  private static final int LIMIT = 1024;

  private static RedisInspector inspector;

  private final RedisTestServer redis;

  PayloadSizeIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeAll
  static void openInspector(RedisTestServer redis) {
    inspector = RedisInspector.connect(redis.url());
  }

  @AfterAll
  static void closeInspector() {
    inspector.close();
  }

  @Test
  void everyPushRefusesAPayloadOverTheLimitBeforeSendingAnything() throws Exception {
    String name = QueueTestSupport.uniqueName("size");
    try (SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url())
            .name(name)
            .maxPayloadSize(DataSize.ofBytes(LIMIT))
            .build()) {
      queue.admin().sizes(); // connected and checked, outside what is counted below
      byte[] over = new byte[LIMIT + 1];
      String message =
          "payload of 1025 bytes is larger than the maximum payload size of queue '"
              + name
              + "', 1024 bytes (1KB";
      long scripts = RedisCommandCalls.scripts(inspector);
      assertThatThrownBy(() -> queue.push(over)).hasMessageContaining(message);
      assertThatThrownBy(() -> queue.push(over, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> queue.pushAt(over, Instant.now()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> queue.push("é".repeat(513))) // 1,026 bytes in UTF-8
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payload of 1026 bytes");
      assertThatThrownBy(() -> queue.push("x".repeat(LIMIT + 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payload of 1025 bytes");
      assertThatThrownBy(() -> queue.pushAll(List.of(new byte[1], over)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("payloads[1]: " + message);
      assertThatThrownBy(() -> queue.pushAsync(over))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(message);
      assertThatThrownBy(() -> queue.pushAsync("x".repeat(LIMIT + 1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> queue.pushValue(Map.of("text", "x".repeat(LIMIT))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is larger than the maximum payload size");
      assertThat(RedisCommandCalls.scripts(inspector)).as("nothing sent").isEqualTo(scripts);
      assertThat(queue.admin().sizes().waiting()).isZero();

      String uid = queue.push(new byte[LIMIT]);
      assertThat(queue.pushAsync(new byte[LIMIT]).get()).isNotBlank();
      assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);
    }
  }

  @Test
  void theDefaultLimitIsAMegabyteAndTheBuilderTakes1ByteTo512Megabytes() {
    try (SafeRedisQueue queue =
        QueueTestSupport.queue(redis, QueueTestSupport.uniqueName("size"))) {
      assertThat(queue.settings().maxPayloadSize()).isEqualTo(DataSize.ofMegabytes(1));
      byte[] over = new byte[1024 * 1024 + 1];
      assertThatThrownBy(() -> queue.push(over))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payload of 1048577 bytes")
          .hasMessageContaining("1048576 bytes (1MB");
      assertThat(queue.admin().sizes().waiting()).isZero();
    }
    SafeRedisQueueBuilder builder = SafeRedisQueue.builder(redis.url());
    assertThatThrownBy(() -> builder.maxPayloadSize(DataSize.ofBytes(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "maxPayloadSize must be between 1 byte and 512MB (Redis' proto-max-bulk-len), was 0B");
    assertThatThrownBy(() -> builder.maxPayloadSize(DataSize.ofMegabytes(513)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(builder.maxPayloadSize(DataSize.ofMegabytes(512))).isSameAs(builder);
  }
}

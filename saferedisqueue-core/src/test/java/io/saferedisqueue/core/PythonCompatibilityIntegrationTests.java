package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A Python client (its exact command sequence) and this library share one queue. */
@ExtendWith(RedisTestExtension.class)
class PythonCompatibilityIntegrationTests {

  private final RedisTestServer redis;

  PythonCompatibilityIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @Test
  void pythonProducerJavaConsumer() {
    String name = QueueTestSupport.uniqueName("py2java");
    try (PythonProtocolClient python = new PythonProtocolClient(redis.url(), name, 60L);
        SafeRedisQueue java = QueueTestSupport.queue(redis, name)) {
      String first = python.put("Good stuff");
      String second = python.put("Bad stuff ✓");

      SafeRedisQueueItem good = java.pop(1).orElseThrow();
      assertThat(good.uid()).isEqualTo(first);
      assertThat(good.payloadAsString()).isEqualTo("Good stuff");
      assertThat(java.ack(good.uid())).isTrue();

      SafeRedisQueueItem bad = java.tryPop().orElseThrow();
      assertThat(bad.uid()).isEqualTo(second);
      assertThat(bad.payload()).isEqualTo("Bad stuff ✓".getBytes(StandardCharsets.UTF_8));
      assertThat(java.fail(bad.uid())).isTrue();

      // The Python consumer gets the failed item back and acks it.
      String[] again = python.get(1);
      assertThat(again).containsExactly(second, "Bad stuff ✓");
      python.ack(second);

      assertThat(python.commands().hlen(bytes("srq:" + name + ":items"))).isZero();
      assertThat(java.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    }
  }

  @Test
  void javaProducerPythonConsumer() {
    String name = QueueTestSupport.uniqueName("java2py");
    try (PythonProtocolClient python = new PythonProtocolClient(redis.url(), name, 60L);
        SafeRedisQueue java = QueueTestSupport.queue(redis, name)) {
      List<String> uids = java.pushAll(List.of(bytes("one"), bytes("two")));
      String three = java.push("three");

      assertThat(python.get(-1)).containsExactly(uids.get(0), "one");
      python.ack(uids.get(0));
      assertThat(python.get(1)).containsExactly(uids.get(1), "two");
      python.fail(uids.get(1));
      assertThat(python.get(1)).containsExactly(three, "three");
      python.ack(three);
      // What Python failed, Java delivers.
      SafeRedisQueueItem item = java.tryPop().orElseThrow();
      assertThat(item.uid()).isEqualTo(uids.get(1));
      java.ack(item.uid());
      assertThat(python.get(-1)).isNull();
      assertThat(python.commands().hlen(bytes("srq:" + name + ":items"))).isZero();
    }
  }

  @Test
  void theLayoutIsExactlyThePythonOne() {
    String name = QueueTestSupport.uniqueName("layout");
    try (PythonProtocolClient python = new PythonProtocolClient(redis.url(), name, 60L);
        SafeRedisQueue java = QueueTestSupport.queue(redis, name)) {
      String uid = java.push("payload");
      java.tryPop();
      assertThat(type(python, name + ":items")).isEqualTo("hash");
      assertThat(type(python, name + ":ackbuf")).isEqualTo("list");
      assertThat(type(python, name + ":backuplock")).isEqualTo("string");
      assertThat(python.commands().hget(bytes("srq:" + name + ":items"), bytes(uid)))
          .isEqualTo(bytes("payload"));
      assertThat(python.commands().lrange(bytes("srq:" + name + ":ackbuf"), 0, -1))
          .containsExactly(bytes(uid));
      assertThat(python.commands().keys(bytes("srq:" + name + ":*")))
          .extracting(PythonProtocolClient::text)
          .containsExactlyInAnyOrder(
              "srq:" + name + ":items",
              "srq:" + name + ":ackbuf",
              "srq:" + name + ":backuplock",
              // The one extra key of a plain pop: this library's delivery count, which Python
              // clients never read.
              "srq:" + name + ":deliveries");
    }
  }

  @Test
  void crashedPythonConsumerIsRecoveredByJavaAutoclean() {
    String name = QueueTestSupport.uniqueName("pycrash");
    try (PythonProtocolClient python = new PythonProtocolClient(redis.url(), name, 1L);
        SafeRedisQueue java = QueueTestSupport.queue(redis, name, Duration.ofSeconds(1))) {
      String uid = python.put("work");
      assertThat(python.get(-1)).containsExactly(uid, "work");
      // The Python consumer dies here without ack. Java's autoclean brings the item back.
      SafeRedisQueueItem recovered = java.pop(6).orElseThrow();
      assertThat(recovered.uid()).isEqualTo(uid);
      java.ack(uid);
      assertThat(java.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    }
  }

  @Test
  void crashedJavaConsumerIsRecoveredByPythonAutoclean() throws Exception {
    String name = QueueTestSupport.uniqueName("javacrash");
    try (PythonProtocolClient python = new PythonProtocolClient(redis.url(), name, 1L);
        SafeRedisQueue java = QueueTestSupport.queue(redis, name, Duration.ofSeconds(1))) {
      String uid = java.push("work");
      assertThat(java.tryPop().orElseThrow().uid()).isEqualTo(uid);
      // The Java consumer dies here without ack; a Python consumer keeps polling.
      String[] recovered = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (recovered == null && System.nanoTime() < deadline) {
        recovered = python.get(1);
      }
      assertThat(recovered).containsExactly(uid, "work");
      python.ack(uid);
      assertThat(java.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    }
  }

  private static String type(PythonProtocolClient python, String suffix) {
    return python.commands().type(bytes("srq:" + suffix));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

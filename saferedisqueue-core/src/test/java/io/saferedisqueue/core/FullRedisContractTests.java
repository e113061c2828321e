package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.data.redis.core.RedisCallback;

/**
 * A Redis started with {@code --maxmemory 8mb --maxmemory-policy noeviction}, filled by pushes:
 * once it is full a push is refused with {@link SafeRedisQueueFullException} and stores nothing,
 * and consumers keep draining it (every consumer operation works while used memory stays over
 * maxmemory). Run against Redis 7 (script flags) and Redis 6.2 (no flags: the scripts' first writes
 * are ones Redis lets through).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FullRedisContractTests {

  private static final byte[] PAYLOAD = new byte[1024];

  private LocalRedisServer server;
  private RedisInspector inspector;

  /** The server to test, not started. */
  abstract LocalRedisServer.Builder server();

  @BeforeAll
  void startFullRedis() {
    server =
        server().args("--maxmemory", "8mb", "--maxmemory-policy", "noeviction").build().start();
    inspector = RedisInspector.connect(server.url());
  }

  @AfterAll
  void stopFullRedis() {
    inspector.close();
    server.close();
  }

  @Test
  void aFullRedisRefusesPushesWholeAndConsumersDrainIt() throws Exception {
    String name = QueueTestSupport.uniqueName("full");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue queue =
            SafeRedisQueue.builder(server.url())
                .name(name)
                .disableAutoclean()
                .maxDeliveries(2)
                .build();
        SafeRedisQueue timed =
            SafeRedisQueue.builder(server.url()).name(name).recordPushTime(true).build()) {
      List<String> stored = fillUntilRefused(queue);
      long items = inspector.hashSize(keys.items());
      assertThat(items).isEqualTo(stored.size());
      assertThat(inspector.listSize(keys.queue())).isEqualTo(stored.size());

      // Every kind of push is refused as a whole, nothing half-written.
      assertThatThrownBy(() -> queue.push(PAYLOAD))
          .isInstanceOf(SafeRedisQueueFullException.class)
          .hasMessageContaining("Redis at " + server.url() + " is full (used memory over maxmemory")
          .hasMessageContaining("the push of queue '" + name + "' was refused, nothing was stored");
      assertThatThrownBy(() -> queue.pushAll(Collections.nCopies(10, PAYLOAD)))
          .isInstanceOf(SafeRedisQueueFullException.class);
      assertThatThrownBy(() -> queue.push(PAYLOAD, Duration.ofSeconds(5)))
          .isInstanceOf(SafeRedisQueueFullException.class);
      assertThatThrownBy(() -> timed.push(PAYLOAD)).isInstanceOf(SafeRedisQueueFullException.class);
      assertThatThrownBy(() -> queue.pushAsync(PAYLOAD).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SafeRedisQueueFullException.class)
          .hasMessageContaining("nothing was stored");
      assertThat(inspector.hashSize(keys.items())).isEqualTo(items);
      assertThat(inspector.listSize(keys.queue())).isEqualTo(items);
      assertThat(inspector.exists(keys.delayed())).isFalse();
      assertThat(inspector.exists(keys.headers())).isFalse();

      keepFull();
      drain(queue, keys);
      assertThat(usedMemory()).as("all of it ran over maxmemory").isGreaterThan(maxmemory());
      assertThatThrownBy(() -> queue.push(PAYLOAD)).isInstanceOf(SafeRedisQueueFullException.class);
    }
  }

  private void drain(SafeRedisQueue queue, SafeRedisQueueKeys keys) {
    SafeRedisQueueItem first = queue.tryPop().orElseThrow();
    assertThat(queue.ack(first.uid())).isTrue();
    assertThat(inspector.hasField(keys.items(), first.uid())).isFalse();

    List<SafeRedisQueueItem> batch = queue.popBatch(6, Duration.ofMillis(200));
    assertThat(batch).hasSize(6);
    assertThat(queue.fail(batch.get(0).uid(), Duration.ZERO, "retry"))
        .isEqualTo(FailOutcome.REQUEUED);
    assertThat(queue.fail(batch.get(1).uid(), Duration.ofMinutes(1), "later"))
        .isEqualTo(FailOutcome.DELAYED);
    assertThat(queue.deadLetter(batch.get(2).uid(), "poison")).isTrue();
    assertThat(queue.deadLetters().requeue(List.of(batch.get(2).uid()))).isEqualTo(1);
    assertThat(queue.release(List.of(batch.get(3).uid()))).isEqualTo(1);
    assertThat(queue.ackAll(List.of(batch.get(4).uid()))).isEqualTo(1);

    // A rotation (ackbuf becomes backup), renewal from backup, and a rotation that requeues.
    assertThat(queue.admin().rotate(Duration.ofMillis(1))).isZero();
    assertThat(queue.renew(List.of(batch.get(5).uid()))).isEqualTo(1);
    queue.tryPop().orElseThrow(); // joins the renewed one in ackbuf; both become backup next
    awaitLockGone(keys);
    assertThat(queue.admin().rotate(Duration.ofMillis(1))).isZero();
    awaitLockGone(keys);
    assertThat(queue.admin().rotate(Duration.ofMillis(1))).isEqualTo(2);

    // A dead letter by the delivery limit, then requeue-all and delete-all of dead letters.
    SafeRedisQueueItem last = queue.tryPop().orElseThrow();
    assertThat(queue.failAll(List.of(last.uid()), Duration.ZERO, "last delivery", 1))
        .containsExactly(FailOutcome.DEAD_LETTERED);
    queue.deadLetter(queue.tryPop().orElseThrow().uid(), "poison");
    assertThat(queue.deadLetters().count()).isEqualTo(2);
    assertThat(queue.deadLetters().requeueAll()).isEqualTo(2);
    queue.deadLetter(queue.tryPop().orElseThrow().uid(), "poison");
    assertThat(queue.deadLetters().deleteAll()).isEqualTo(1);

    // Blocking pops: with items waiting they come at once; on an empty queue Redis refuses to
    // block over maxmemory, and the pop polls instead of failing.
    assertThat(queue.pop(Duration.ofSeconds(1))).isPresent();
    try (SafeRedisQueue empty = QueueTestSupportFull.emptyQueue(server.url())) {
      assertThat(empty.pop(Duration.ofMillis(300))).isEmpty();
      assertThat(empty.popBatch(4, Duration.ofMillis(300))).isEmpty();
    }
    assertThat(queue.admin().sizes().waiting()).isPositive();
    assertThat(queue.admin().stats().waiting()).isPositive();
  }

  private List<String> fillUntilRefused(SafeRedisQueue queue) {
    List<String> stored = new ArrayList<>();
    List<byte[]> hundred = Collections.nCopies(100, PAYLOAD);
    try {
      while (stored.size() < 50_000) {
        stored.addAll(queue.pushAll(hundred));
      }
    } catch (SafeRedisQueueFullException ex) {
      // From here one at a time, to the edge.
    }
    try {
      while (stored.size() < 50_000) {
        stored.add(queue.push(PAYLOAD));
      }
    } catch (SafeRedisQueueFullException ex) {
      return stored;
    }
    throw new AssertionError("50,000 pushes of 1 KB fitted into maxmemory 8mb");
  }

  /** A 16 MB key beside the queue, so draining it cannot bring Redis under maxmemory. */
  private void keepFull() {
    config("maxmemory", "0");
    inspector.template().opsForValue().set("filler", new byte[16 * 1024 * 1024]);
    config("maxmemory", "8mb");
    assertThat(usedMemory()).isGreaterThan(maxmemory());
  }

  private void awaitLockGone(SafeRedisQueueKeys keys) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (inspector.exists(keys.backupLock()) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private void config(String name, String value) {
    inspector
        .template()
        .execute(
            (RedisCallback<Object>)
                connection -> {
                  connection.serverCommands().setConfig(name, value);
                  return null;
                });
  }

  private long usedMemory() {
    return Long.parseLong(inspector.info("memory").getProperty("used_memory"));
  }

  private long maxmemory() {
    return Long.parseLong(inspector.info("memory").getProperty("maxmemory"));
  }

  /** Queues of this contract that need no Redis state of their own. */
  private static final class QueueTestSupportFull {
    private QueueTestSupportFull() {}

    static SafeRedisQueue emptyQueue(String url) {
      return SafeRedisQueue.builder(url)
          .name(QueueTestSupport.uniqueName("full-empty"))
          .disableAutoclean()
          .build();
    }
  }
}

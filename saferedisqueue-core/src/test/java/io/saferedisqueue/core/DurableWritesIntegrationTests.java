package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Durable writes on a real primary with one real replica: each write returns once the replica has
 * it (read on the replica right after the call), and with the replica frozen (SIGSTOP) or missing
 * the write fails after the durable timeout with {@link SafeRedisQueueDurabilityException}, having
 * taken effect on the primary.
 */
class DurableWritesIntegrationTests {

  private static PrimaryWithReplica redis;

  @BeforeAll
  static void start() {
    redis = new PrimaryWithReplica();
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
  }

  @AfterEach
  void thaw() {
    redis.thawReplica();
  }

  private static SafeRedisQueue durable(String name, int replicas, Duration timeout) {
    return SafeRedisQueue.builder(redis.connectionFactory)
        .name(name)
        .durableReplicas(replicas)
        .durableTimeout(timeout)
        .build();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyWriteReturnsOnceTheReplicaHasIt() throws Exception {
    String name = QueueTestSupport.uniqueName("durable");
    String nextName = QueueTestSupport.uniqueName("durable-next");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    SafeRedisQueueKeys nextKeys = SafeRedisQueueKeys.forName(nextName);
    try (SafeRedisQueue queue = durable(name, 1, Duration.ofSeconds(5));
        SafeRedisQueue next = durable(nextName, 1, Duration.ofSeconds(5))) {
      String pushed = queue.push("one");
      assertThat(redis.onReplica.field(keys.items(), pushed)).isEqualTo(bytes("one"));
      assertThat(redis.onReplica.list(keys.queue())).containsExactly(pushed);

      List<String> all = queue.pushAll(List.of(bytes("two"), bytes("three")));
      assertThat(redis.onReplica.fields(keys.items())).containsAll(all);

      String async = queue.pushAsync("four").get(10, TimeUnit.SECONDS);
      assertThat(redis.onReplica.field(keys.items(), async)).isEqualTo(bytes("four"));

      assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(pushed);
      assertThat(queue.ack(pushed)).isTrue();
      assertThat(redis.onReplica.hasField(keys.items(), pushed)).isFalse();
      assertThat(redis.onReplica.list(keys.ackbuf())).doesNotContain(pushed);

      String failed = queue.tryPop().orElseThrow().uid();
      assertThat(queue.fail(failed)).isTrue();
      assertThat(redis.onReplica.list(keys.ackbuf())).doesNotContain(failed);
      assertThat(redis.onReplica.list(keys.queue())).startsWith(failed);

      String handedOver = queue.tryPop().orElseThrow().uid();
      assertThat(queue.isHandOffAtomic(next)).isTrue();
      String newUid = queue.handOff(handedOver, next, bytes("handed")).orElseThrow();
      assertThat(redis.onReplica.hasField(keys.items(), handedOver)).isFalse();
      assertThat(redis.onReplica.field(nextKeys.items(), newUid)).isEqualTo(bytes("handed"));

      String ackedOnTheWay = queue.tryPop().orElseThrow().uid();
      List<SafeRedisQueueItem> taken = queue.ackAndPopAvailable(List.of(ackedOnTheWay), 10);
      assertThat(redis.onReplica.hasField(keys.items(), ackedOnTheWay)).isFalse();
      assertThat(taken).isNotEmpty();
      assertThat(queue.ackAll(taken.stream().map(SafeRedisQueueItem::uid).toList()))
          .isEqualTo(taken.size());
    }
  }

  @Test
  void withTheReplicaFrozenAPushFailsAfterTheTimeoutYetIsStoredOnThePrimary() {
    String name = QueueTestSupport.uniqueName("durable-frozen");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue queue = durable(name, 1, Duration.ofMillis(300))) {
      queue.push("warm-up");
      redis.freezeReplica();
      long start = System.nanoTime();
      SafeRedisQueueDurabilityException failure =
          catchThrowableOfType(
              SafeRedisQueueDurabilityException.class, () -> queue.push("while frozen"));
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(failure).isNotNull();
      assertThat(failure.operation()).isEqualTo("push");
      assertThat(failure.uids()).hasSize(1);
      String uid = failure.uids().get(0);
      assertThat(failure.acknowledgedReplicas()).isZero();
      assertThat(failure.requestedReplicas()).isEqualTo(1);
      assertThat(failure.timeout()).isEqualTo(Duration.ofMillis(300));
      assertThat(failure.getMessage())
          .contains("'" + name + "'", uid, "only 0 of the 1 replica(s)", "within 300 ms");
      // WAIT's timeout is a lower bound; nothing here measures how fast anything is.
      assertThat(waitedMillis).isGreaterThanOrEqualTo(290);
      assertThat(redis.onPrimary.field(keys.items(), uid)).isEqualTo(bytes("while frozen"));

      // A failed async push completes its future with the same exception.
      assertThatThrownBy(() -> queue.pushAsync("async while frozen").get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SafeRedisQueueDurabilityException.class)
          .hasMessageContaining("only 0 of the 1 replica(s)");

      redis.thawReplica();
      String after = queue.push("after thaw");
      assertThat(redis.onReplica.field(keys.items(), after)).isEqualTo(bytes("after thaw"));
      assertThat(redis.onReplica.field(keys.items(), uid)).isEqualTo(bytes("while frozen"));
    }
  }

  @Test
  void withTheReplicaFrozenAcksAndFailsTakeEffectOnThePrimaryAndThrow() {
    String name = QueueTestSupport.uniqueName("durable-frozen-acks");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue queue = durable(name, 1, Duration.ofMillis(200))) {
      List<String> uids = queue.pushAll(List.of(bytes("a"), bytes("b"), bytes("c"), bytes("d")));
      String a = queue.tryPop().orElseThrow().uid();
      String b = queue.tryPop().orElseThrow().uid();
      String c = queue.tryPop().orElseThrow().uid();
      assertThat(List.of(a, b, c)).isEqualTo(uids.subList(0, 3));
      redis.freezeReplica();

      assertThatThrownBy(() -> queue.ack(a))
          .isInstanceOf(SafeRedisQueueDurabilityException.class)
          .hasMessageContaining("the ack of 1 item(s) (" + a + ")")
          .hasMessageContaining("only 0 of the 1 replica(s)");
      assertThat(redis.onPrimary.hasField(keys.items(), a)).isFalse();

      assertThatThrownBy(() -> queue.fail(b))
          .isInstanceOf(SafeRedisQueueDurabilityException.class)
          .hasMessageContaining("the fail of 1 item(s) (" + b + ")");
      assertThat(redis.onPrimary.list(keys.queue())).startsWith(b);

      // The acks of a durable ackAndPopAvailable go first: nothing is taken when they fail.
      assertThatThrownBy(() -> queue.ackAndPopAvailable(List.of(c), 10))
          .isInstanceOf(SafeRedisQueueDurabilityException.class)
          .hasMessageContaining(c);
      assertThat(redis.onPrimary.hasField(keys.items(), c)).isFalse();
      assertThat(redis.onPrimary.list(keys.ackbuf())).isEmpty();
      assertThat(redis.onPrimary.list(keys.queue())).containsExactly(b, uids.get(3));
    }
  }

  @Test
  void anAtomicHandOffIntoADurableQueueWaitsEvenFromAQueueThatIsNot() {
    String name = QueueTestSupport.uniqueName("plain-from");
    String nextName = QueueTestSupport.uniqueName("durable-into");
    try (SafeRedisQueue plain = SafeRedisQueue.builder(redis.connectionFactory).name(name).build();
        SafeRedisQueue next = durable(nextName, 1, Duration.ofMillis(200))) {
      plain.push("work");
      String uid = plain.tryPop().orElseThrow().uid();
      assertThat(plain.isHandOffAtomic(next)).isTrue();
      redis.freezeReplica();
      SafeRedisQueueDurabilityException failure =
          catchThrowableOfType(
              SafeRedisQueueDurabilityException.class,
              () -> plain.handOff(uid, next, bytes("next step")));
      assertThat(failure).isNotNull();
      assertThat(failure.operation()).isEqualTo("handoff");
      assertThat(failure.uids()).startsWith(uid).hasSize(2);
      // Done on the primary: acked here, pushed there.
      assertThat(redis.onPrimary.hasField(SafeRedisQueueKeys.forName(name).items(), uid)).isFalse();
      assertThat(redis.onPrimary.list(SafeRedisQueueKeys.forName(nextName).queue()))
          .containsExactly(failure.uids().get(1));
    }
  }

  @Test
  void askingForMoreReplicasThanThereAreFailsNamingBothCounts() {
    String name = QueueTestSupport.uniqueName("durable-two");
    try (SafeRedisQueue queue = durable(name, 2, Duration.ofMillis(100))) {
      SafeRedisQueueDurabilityException failure =
          catchThrowableOfType(SafeRedisQueueDurabilityException.class, () -> queue.push("x"));
      assertThat(failure).isNotNull();
      assertThat(failure.acknowledgedReplicas()).isEqualTo(1);
      assertThat(failure.getMessage())
          .contains("only 1 of the 2 replica(s)", "within 100 ms", "durable-replicas");
    }
  }

  @Test
  void withoutDurableWritesNothingWaitsForTheFrozenReplica() {
    String name = QueueTestSupport.uniqueName("not-durable");
    try (SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.connectionFactory).name(name).build()) {
      redis.freezeReplica();
      String uid = queue.push("fire and forget");
      assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);
      assertThat(queue.ack(uid)).isTrue();
    }
  }

  @Test
  void badSettingsAreRefusedNamingTheValue() {
    SafeRedisQueueBuilder builder = SafeRedisQueue.builder(redis.connectionFactory);
    assertThatThrownBy(() -> builder.durableReplicas(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("durableReplicas must be >= 1 replicas to wait for, or 0 for off, was -1");
    assertThatThrownBy(() -> builder.durableTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durableTimeout must be between 1ms and 1h")
        .hasMessageContaining("was PT0S");
    assertThatThrownBy(
            () ->
                SafeRedisQueue.builder(redis.connectionFactory)
                    .name("too-patient")
                    .durableReplicas(1)
                    .durableTimeout(Duration.ofMinutes(2))
                    .build())
        .isInstanceOf(SafeRedisQueueConfigurationException.class)
        .hasMessageContaining("'too-patient'")
        .hasMessageContaining("durable timeout (120000 ms) must be shorter than the client's");
  }
}

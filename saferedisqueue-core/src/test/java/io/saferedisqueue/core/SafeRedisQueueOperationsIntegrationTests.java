package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same caller code, written against {@link SafeRedisQueueOperations}, on a plain queue and on a
 * sharded one; and the queue every pop writes into the items it delivers.
 */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueOperationsIntegrationTests {

  private final RedisTestServer redis;

  SafeRedisQueueOperationsIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  /** A plain queue for 1 part, a sharded queue for more; both with at most 3 deliveries. */
  private SafeRedisQueueOperations queue(String name, int parts) {
    SafeRedisQueueBuilder builder = SafeRedisQueue.builder(redis.url()).name(name).maxDeliveries(3);
    return parts == 1 ? builder.build() : builder.buildShards(parts);
  }

  private static void close(SafeRedisQueueOperations queue) throws Exception {
    ((AutoCloseable) queue).close();
  }

  private static Set<String> partNames(SafeRedisQueueOperations queue) {
    return queue.parts().stream().map(SafeRedisQueue::name).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "{0} part(s)")
  @ValueSource(ints = {1, 3})
  void theSameCallerCodeWorksOnAPlainAndAShardedQueue(int parts) throws Exception {
    SafeRedisQueueOperations queue = queue(QueueTestSupport.uniqueName("ops"), parts);
    try {
      assertThat(queue.parts()).hasSize(parts);
      List<String> pushed = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        pushed.add(queue.push("item-" + i));
      }
      pushed.addAll(queue.pushAll(List.of("x".getBytes(), "y".getBytes())));
      assertThat(queue.stats().waiting()).isEqualTo(6);

      List<SafeRedisQueueItem> items = queue.popAvailable(10);
      assertThat(items)
          .extracting(SafeRedisQueueItem::uid)
          .containsExactlyInAnyOrderElementsOf(pushed);
      assertThat(items).allSatisfy(item -> assertThat(partNames(queue)).contains(item.queue()));
      assertThat(queue.stats().inFlight()).isEqualTo(6);

      assertThat(queue.ack(items.get(0))).isTrue();
      assertThat(queue.ack(items.get(0))).isFalse(); // acked once; again changes nothing
      assertThat(queue.ackItems(items.subList(1, 3))).isEqualTo(2);
      assertThat(queue.fail(items.get(3))).isTrue();
      assertThat(queue.deadLetter(items.get(4), "bad input")).isTrue();
      assertThat(queue.fail(items.get(5), Duration.ZERO, "try again"))
          .isEqualTo(FailOutcome.REQUEUED);

      SafeRedisQueueStats stats = queue.stats();
      assertThat(stats.waiting()).isEqualTo(2);
      assertThat(stats.inFlight()).isZero();
      assertThat(stats.dead()).isEqualTo(1);
      assertThat(queue.deadLetters().count()).isEqualTo(1);
      assertThat(queue.deadLetters().list(0, 10))
          .extracting(DeadLetter::uid)
          .containsExactly(items.get(4).uid());
      assertThat(queue.deadLetters().requeueAll()).isEqualTo(1);
      assertThat(queue.deadLetters().count()).isZero();

      List<SafeRedisQueueItem> again = queue.popBatch(10, Duration.ofSeconds(1));
      assertThat(again)
          .extracting(SafeRedisQueueItem::uid)
          .containsExactlyInAnyOrder(items.get(3).uid(), items.get(4).uid(), items.get(5).uid());
      assertThat(queue.renewItems(again)).isZero(); // all in the young generation: nothing moves
      assertThat(queue.releaseItems(again.subList(0, 1))).isEqualTo(1);
      assertThat(queue.ackItems(again.subList(1, 3))).isEqualTo(2);
      SafeRedisQueueItem released = queue.tryPop().orElseThrow();
      assertThat(released.uid()).isEqualTo(again.get(0).uid());
      assertThat(queue.deadLetter(released, "done with it")).isTrue();
      assertThat(queue.deadLetters().deleteAll()).isEqualTo(1);
      stats = queue.stats();
      assertThat(List.of(stats.waiting(), stats.inFlight(), stats.delayed(), stats.dead()))
          .containsOnly(0L);
    } finally {
      close(queue);
    }
  }

  @ParameterizedTest(name = "{0} part(s)")
  @ValueSource(ints = {1, 2})
  void anItemOfAnotherQueueIsRefusedAndChangesNothing(int parts) throws Exception {
    String name = QueueTestSupport.uniqueName("refuse");
    SafeRedisQueueOperations queue = queue(name, parts);
    try (SafeRedisQueue other = QueueTestSupport.queue(redis, name + "-other")) {
      other.push("theirs");
      SafeRedisQueueItem theirs = other.tryPop().orElseThrow();
      assertThatIllegalArgumentException()
          .isThrownBy(() -> queue.ack(theirs))
          .withMessageContaining(theirs.uid())
          .withMessageContaining("'" + other.name() + "'");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> queue.ackItems(List.of(theirs)))
          .withMessageContaining("'" + other.name() + "'");
      assertThat(other.admin().stats().inFlight()).isEqualTo(1);
      assertThat(other.ack(theirs)).isTrue();
    } finally {
      close(queue);
    }
  }

  @Test
  void everyPopOfAPlainQueueNamesTheQueue() {
    try (SafeRedisQueue queue =
        QueueTestSupport.queue(redis, QueueTestSupport.uniqueName("name"))) {
      for (int i = 0; i < 6; i++) {
        queue.push("item-" + i);
      }
      List<SafeRedisQueueItem> delivered = new ArrayList<>();
      delivered.add(queue.pop(Duration.ofSeconds(1)).orElseThrow());
      delivered.add(queue.tryPop().orElseThrow());
      delivered.addAll(queue.popAvailable(1));
      delivered.addAll(queue.popBatch(1, Duration.ofSeconds(1)));
      delivered.addAll(queue.ackAndPopAvailable(List.of(delivered.get(0).uid()), 2));
      assertThat(delivered).hasSize(6);
      assertThat(delivered).extracting(SafeRedisQueueItem::queue).containsOnly(queue.name());
      // An item built by hand names no queue; the plain queue takes it as the uid form does.
      SafeRedisQueueItem byHand = new SafeRedisQueueItem(delivered.get(1).uid(), new byte[0]);
      assertThat(byHand.queue()).isNull();
      assertThat(queue.ack(byHand)).isTrue();
    }
  }

  @Test
  void everyPopOfAShardedQueueNamesTheShard() throws Exception {
    SafeRedisQueueOperations queue = queue(QueueTestSupport.uniqueName("shardname"), 3);
    try {
      for (int i = 0; i < 12; i++) {
        queue.push("item-" + i);
      }
      List<SafeRedisQueueItem> delivered = new ArrayList<>();
      delivered.add(queue.pop(Duration.ofSeconds(1)).orElseThrow());
      delivered.add(queue.tryPop().orElseThrow());
      delivered.addAll(queue.popAvailable(4));
      delivered.addAll(queue.popBatch(6, Duration.ofSeconds(1)));
      assertThat(delivered).hasSize(12);
      for (SafeRedisQueue part : queue.parts()) {
        // Round-robin pushes put 4 items into each shard; each names the shard it came from.
        assertThat(delivered)
            .filteredOn(item -> part.name().equals(item.queue()))
            .hasSize(4)
            .allSatisfy(item -> assertThat(part.admin().stats().inFlight()).isEqualTo(4));
      }
      SafeRedisQueueItem first = delivered.get(0);
      SafeRedisQueue itsShard =
          queue.parts().stream()
              .filter(part -> part.name().equals(first.queue()))
              .findFirst()
              .get();
      List<SafeRedisQueueItem> next = itsShard.ackAndPopAvailable(List.of(first.uid()), 1);
      assertThat(next).isEmpty();
      itsShard.push("late");
      assertThat(itsShard.ackAndPopAvailable(List.of(), 1))
          .singleElement()
          .satisfies(item -> assertThat(item.queue()).isEqualTo(itsShard.name()));
      assertThat(queue.ackItems(delivered.subList(1, delivered.size()))).isEqualTo(11);
    } finally {
      close(queue);
    }
  }

  @Test
  void theDeliveringQueueIsNotPartOfAnItemsEquality() {
    SafeRedisQueueItem named = new SafeRedisQueueItem("uid", new byte[] {1}, 2, "orders");
    assertThat(named).isEqualTo(new SafeRedisQueueItem("uid", new byte[] {1}, 2));
    assertThat(named.toString()).contains("queue=orders");
    assertThat(new SafeRedisQueueItem("uid", new byte[] {1}).withQueue("q").queue()).isEqualTo("q");
  }
}

package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.shard.SafeRedisQueueShardNames;
import io.saferedisqueue.core.shard.SafeRedisQueueShards;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A sharded queue on one Redis node: spreading, routing of in-flight items, per-shard state. */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueShardsIntegrationTests {

  private final RedisTestServer redis;

  private static RedisInspector inspector;

  SafeRedisQueueShardsIntegrationTests(RedisTestServer redis) {
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

  private SafeRedisQueueShards shards(String name, int count) {
    return SafeRedisQueue.builder(redis.url()).name(name).buildShards(count);
  }

  /** The shard that delivered the item, from the queue name the item carries. */
  private static int index(SafeRedisQueueItem item) {
    return SafeRedisQueueShardNames.parseShardName(item.queue()).orElseThrow().index();
  }

  private static SafeRedisQueueKeys keys(String name, int shard) {
    return SafeRedisQueueKeys.forName(SafeRedisQueueShardNames.shardName(name, shard));
  }

  @Test
  void pushesGoToEveryShardInTurnUnderHashTaggedNames() {
    String name = QueueTestSupport.uniqueName("spread");
    try (SafeRedisQueueShards queue = shards(name, 3)) {
      assertThat(queue.parts())
          .extracting(SafeRedisQueue::name)
          .containsExactly("{" + name + "-0}", "{" + name + "-1}", "{" + name + "-2}");
      List<String> uids = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        uids.add(queue.push("item-" + i));
      }
      for (int shard = 0; shard < 3; shard++) {
        // Producers push on the left, so the list reads newest first.
        assertThat(inspector.list(keys(name, shard).queue()))
            .containsExactly(uids.get(shard + 6), uids.get(shard + 3), uids.get(shard));
        assertThat(inspector.hashSize(keys(name, shard).items())).isEqualTo(3);
      }
      assertThat(queue.stats().waiting()).isEqualTo(9);
      assertThat(queue.partStats())
          .extracting(SafeRedisQueueStats::waiting)
          .containsExactly(3L, 3L, 3L);
    }
  }

  @Test
  void popsSweepAllShardsKeepOrderPerShardAndAcksGoToTheItemsShard() {
    String name = QueueTestSupport.uniqueName("route");
    try (SafeRedisQueueShards queue = shards(name, 3)) {
      Map<String, Integer> pushedTo = new HashMap<>();
      for (int i = 0; i < 12; i++) {
        pushedTo.put(queue.push("item-" + i), i % 3);
      }
      Map<Integer, List<String>> payloadsPerShard = new HashMap<>();
      List<SafeRedisQueueItem> taken = new ArrayList<>();
      for (Optional<SafeRedisQueueItem> item = queue.tryPop();
          item.isPresent();
          item = queue.tryPop()) {
        SafeRedisQueueItem got = item.get();
        assertThat(index(got)).isEqualTo(pushedTo.get(got.uid()));
        assertThat(got.queue()).isEqualTo(queue.shard(index(got)).name());
        payloadsPerShard
            .computeIfAbsent(index(got), i -> new ArrayList<>())
            .add(got.payloadAsString());
        taken.add(got);
      }
      assertThat(taken).extracting(SafeRedisQueueItem::uid).hasSize(12).doesNotHaveDuplicates();
      assertThat(payloadsPerShard.get(0)).containsExactly("item-0", "item-3", "item-6", "item-9");
      assertThat(payloadsPerShard.get(1)).containsExactly("item-1", "item-4", "item-7", "item-10");
      assertThat(payloadsPerShard.get(2)).containsExactly("item-2", "item-5", "item-8", "item-11");
      for (int shard = 0; shard < 3; shard++) {
        assertThat(inspector.listSize(keys(name, shard).ackbuf())).isEqualTo(4);
      }
      assertThat(queue.ack(taken.get(0))).isTrue();
      // The rest in one ackItems: one script per shard.
      assertThat(queue.ackItems(taken.subList(1, taken.size()))).isEqualTo(11);
      for (int shard = 0; shard < 3; shard++) {
        assertThat(inspector.listSize(keys(name, shard).ackbuf())).isZero();
        assertThat(inspector.hashSize(keys(name, shard).items())).isZero();
      }
      // Acked once; an ack of the same item again changes nothing.
      assertThat(queue.ack(taken.get(0))).isFalse();
    }
  }

  @Test
  void failRequeuesInTheItemsShardAndDeadLettersStayPerShard() {
    String name = QueueTestSupport.uniqueName("fail");
    try (SafeRedisQueueShards queue =
        SafeRedisQueue.builder(redis.url()).name(name).maxDeliveries(2).buildShards(2)) {
      queue.push("a"); // shard 0
      queue.push("b"); // shard 1
      SafeRedisQueueItem first = queue.popAvailable(2).get(0);
      int other = 1 - index(first);
      assertThat(queue.fail(first)).isTrue();
      assertThat(inspector.list(keys(name, index(first)).queue())).containsExactly(first.uid());
      assertThat(inspector.listSize(keys(name, other).queue())).isZero();
      // Second delivery of the same item, then its last allowed failure: a dead letter in its
      // shard.
      SafeRedisQueueItem again = queue.shard(index(first)).tryPop().orElseThrow();
      assertThat(again.deliveries()).isEqualTo(2);
      assertThat(queue.fail(again, Duration.ZERO, "boom")).isEqualTo(FailOutcome.DEAD_LETTERED);
      assertThat(queue.shard(index(first)).deadLetters().count()).isEqualTo(1);
      assertThat(queue.shard(other).deadLetters().count()).isZero();
      assertThat(queue.deadLetters().count()).isEqualTo(1);
      assertThat(queue.stats().dead()).isEqualTo(1);
      assertThat(queue.deadLetters().requeueAll()).isEqualTo(1);
      assertThat(inspector.list(keys(name, index(first)).queue())).containsExactly(first.uid());
    }
  }

  @Test
  void autocleanRequeuesEachShardsCrashedItemsIntoThatShard() {
    String name = QueueTestSupport.uniqueName("autoclean");
    try (SafeRedisQueueShards queue =
        SafeRedisQueue.builder(redis.url())
            .name(name)
            .autocleanInterval(Duration.ofMillis(300))
            .buildShards(3)) {
      for (int i = 0; i < 3; i++) {
        queue.push("crashed-" + i);
      }
      Map<String, Integer> shardOf = new HashMap<>();
      queue.popAvailable(3).forEach(item -> shardOf.put(item.uid(), index(item)));
      assertThat(shardOf).hasSize(3);
      // Nobody acks: two rotations per shard bring each item back into its own shard's queue.
      await()
          .atMost(10, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                queue.autoclean();
                return queue.stats().waiting() == 3;
              });
      for (Map.Entry<String, Integer> entry : shardOf.entrySet()) {
        assertThat(inspector.list(keys(name, entry.getValue()).queue()))
            .containsExactly(entry.getKey());
      }
      assertThat(queue.stats().inFlight()).isZero();
    }
  }

  @Test
  void blockingPopWakesForAnItemPushedToAnyShard() throws Exception {
    String name = QueueTestSupport.uniqueName("blocking");
    try (SafeRedisQueueShards queue = shards(name, 4)) {
      CompletableFuture<Optional<SafeRedisQueueItem>> waiting =
          CompletableFuture.supplyAsync(() -> queue.pop(Duration.ofSeconds(10)));
      Thread.sleep(300);
      assertThat(waiting).isNotDone();
      String uid = queue.shard(3).push("late");
      SafeRedisQueueItem item = waiting.get(10, TimeUnit.SECONDS).orElseThrow();
      assertThat(item.uid()).isEqualTo(uid);
      assertThat(index(item)).isEqualTo(3);
      assertThat(queue.pop(Duration.ofMillis(250))).isEmpty();
    }
  }

  @Test
  void closingEndsABlockingPopThatWaitsForever() throws Exception {
    String name = QueueTestSupport.uniqueName("closing");
    SafeRedisQueueShards queue = shards(name, 2);
    CompletableFuture<Optional<SafeRedisQueueItem>> waiting =
        CompletableFuture.supplyAsync(queue::pop);
    Thread.sleep(300);
    assertThat(waiting).isNotDone();
    queue.close();
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void keyedPushesKeepAKeyOnOneShardAsPythonsCrc32Computes() {
    String name = QueueTestSupport.uniqueName("keyed");
    try (SafeRedisQueueShards queue = shards(name, 3)) {
      // python3 -c "import zlib; print(zlib.crc32(b'customer-42') % 3, zlib.crc32(b'x') % 3)"
      assertThat(queue.shardFor("customer-42")).isEqualTo(2);
      assertThat(queue.shardFor("x")).isZero();
      List<String> uids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        uids.add(queue.push("customer-42", ("step-" + i).getBytes()));
      }
      assertThat(inspector.listSize(keys(name, 2).queue())).isEqualTo(5);
      List<String> delivered = new ArrayList<>();
      queue.popAvailable(10).forEach(item -> delivered.add(item.uid()));
      assertThat(delivered).isEqualTo(uids);
    }
  }

  @Test
  void eachShardIsAnOrdinaryQueueThatAPlainConsumerOfItsNameReads() {
    String name = QueueTestSupport.uniqueName("plain");
    try (SafeRedisQueueShards queue = shards(name, 2);
        SafeRedisQueue shardOne = QueueTestSupport.queue(redis, "{" + name + "-1}")) {
      queue.push("zero");
      String uid = queue.push("one");
      SafeRedisQueueItem item = shardOne.tryPop().orElseThrow();
      assertThat(item.uid()).isEqualTo(uid);
      assertThat(item.payloadAsString()).isEqualTo("one");
      assertThat(shardOne.ack(uid)).isTrue();
      assertThat(queue.stats().waiting()).isEqualTo(1);
    }
  }

  @Test
  void refusesBadNamesCountsAndForeignItems() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> shards("{orders}", 3))
        .withMessageContaining("'{orders}'")
        .withMessageContaining("must not contain '{' or '}'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> shards("orders", 0))
        .withMessage("shard count must be between 1 and 1024, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> shards("orders", 1025))
        .withMessage("shard count must be between 1 and 1024, was 1025");
    String name = QueueTestSupport.uniqueName("foreign");
    try (SafeRedisQueueShards one = shards(name, 2);
        SafeRedisQueueShards other = shards(name + "x", 2)) {
      other.push("theirs");
      SafeRedisQueueItem foreign = other.tryPop().orElseThrow();
      assertThatIllegalArgumentException()
          .isThrownBy(() -> one.ack(foreign))
          .withMessageContaining("was delivered by queue '" + foreign.queue() + "'")
          .withMessageContaining("not by a shard of the sharded queue '" + name + "'");
      SafeRedisQueueItem unnamed = new SafeRedisQueueItem(foreign.uid(), foreign.payload());
      assertThatIllegalArgumentException()
          .isThrownBy(() -> one.fail(unnamed))
          .withMessageContaining("was delivered by no known queue");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> one.shard(2))
          .withMessage("shard index must be between 0 and 1, was 2");
    }
    assertThat(SafeRedisQueueShardNames.parseShardName("{orders-12}"))
        .contains(new SafeRedisQueueShardNames.ShardName("orders", 12));
    assertThat(SafeRedisQueueShardNames.parseShardName("{orders}")).isEmpty();
    assertThat(SafeRedisQueueShardNames.parseShardName("orders-1")).isEmpty();
  }

  @Test
  void factoryShardsListedNamesHandsOutTheShardsAndRefusesThePlainName() {
    String name = QueueTestSupport.uniqueName("factory");
    List<String> customized = new ArrayList<>();
    org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory connectionFactory =
        RedisUrl.parse(redis.url()).createConnectionFactory(Duration.ofSeconds(10));
    try (DefaultSafeRedisQueueFactory factory =
        new DefaultSafeRedisQueueFactory(
            connectionFactory,
            (queueName, builder) -> {
              customized.add(queueName);
              builder.maxDeliveries(7);
            },
            queueName -> queueName.equals(name) ? 3 : 1)) {
      SafeRedisQueueShards sharded = (SafeRedisQueueShards) factory.getOperations(name);
      assertThat(factory.getOperations(name)).isSameAs(sharded);
      assertThat(sharded.parts())
          .allSatisfy(shard -> assertThat(shard.settings().maxDeliveries()).isEqualTo(7));
      assertThat(customized).containsExactly(name, name, name);
      assertThat(factory.getQueue("{" + name + "-1}")).isSameAs(sharded.shard(1));
      assertThat(factory.getQueues()).containsExactlyInAnyOrderElementsOf(sharded.parts());
      assertThat(factory.getLogicalQueues()).containsExactly(sharded);
      assertThat(factory.getOperations("other")).isSameAs(factory.getQueue("other"));
      assertThat(factory.getLogicalQueues()).containsExactly(sharded);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> factory.getQueue(name))
          .withMessageContaining("queue '" + name + "' is sharded into 3 queues {" + name + "-0}");
    } finally {
      connectionFactory.destroy();
    }
  }
}

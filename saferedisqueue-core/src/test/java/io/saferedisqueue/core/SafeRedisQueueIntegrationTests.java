package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueIntegrationTests {

  private final RedisTestServer redis;
  private static RedisInspector inspector;
  private SafeRedisQueue queue;
  private SafeRedisQueueKeys keys;

  SafeRedisQueueIntegrationTests(RedisTestServer redis) {
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

  @BeforeEach
  void createQueue() {
    queue = QueueTestSupport.queue(redis, QueueTestSupport.uniqueName("basic"));
    keys = SafeRedisQueueKeys.forName(queue.name());
  }

  @AfterEach
  void closeQueue() {
    queue.close();
  }

  @Test
  void pushReturnsACanonicalUuid() {
    String uid = queue.push("hello");
    assertThat(uid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void ackAndPopAvailableAcksAndTakesTheNextItemsInOneStep() {
    List<String> pushed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pushed.add(queue.push("item-" + i));
    }
    List<SafeRedisQueueItem> first = queue.popAvailable(2);
    assertThat(first)
        .extracting(SafeRedisQueueItem::uid)
        .containsExactly(pushed.get(0), pushed.get(1));

    List<SafeRedisQueueItem> next =
        queue.ackAndPopAvailable(List.of(pushed.get(0), pushed.get(1)), 2);
    assertThat(next)
        .extracting(SafeRedisQueueItem::uid)
        .containsExactly(pushed.get(2), pushed.get(3));
    assertThat(next).extracting(SafeRedisQueueItem::deliveries).containsExactly(1, 1);
    assertThat(next.get(0).payloadAsString()).isEqualTo("item-2");
    assertThat(inspector.fields(keys.items()))
        .containsExactlyInAnyOrder(pushed.get(2), pushed.get(3), pushed.get(4));
    assertThat(inspector.list(keys.ackbuf()))
        .containsExactlyInAnyOrder(pushed.get(2), pushed.get(3));
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(1, 2, 0));

    // Acks of uids no longer in flight change nothing else; an empty queue returns no items.
    assertThat(queue.ackAndPopAvailable(List.of(pushed.get(0), pushed.get(2), pushed.get(3)), 5))
        .extracting(SafeRedisQueueItem::uid)
        .containsExactly(pushed.get(4));
    assertThat(queue.ackAndPopAvailable(List.of(pushed.get(4)), 5)).isEmpty();
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    assertThat(inspector.hashSize(keys.items())).isZero();
  }

  @Test
  void itemsComeOutInTheOrderTheyWentIn() {
    List<String> pushed = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      pushed.add(queue.push("item-" + i));
    }
    List<String> popped = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      SafeRedisQueueItem item = queue.pop(-1).orElseThrow();
      assertThat(item.payloadAsString()).isEqualTo("item-" + i);
      popped.add(item.uid());
      queue.ack(item.uid());
    }
    assertThat(popped).containsExactlyElementsOf(pushed);
    assertThat(queue.pop(-1)).isEmpty();
  }

  /** The seed's README example, step by step. */
  @Test
  void seedReadmeExampleTheFailedItemComesBack() {
    queue.push("Good stuff");
    queue.push("Bad stuff");

    SafeRedisQueueItem good = queue.pop().orElseThrow();
    assertThat(good.payloadAsString()).isEqualTo("Good stuff");
    assertThat(queue.ack(good.uid())).isTrue();

    SafeRedisQueueItem bad = queue.pop().orElseThrow();
    assertThat(bad.payloadAsString()).isEqualTo("Bad stuff");
    assertThat(queue.fail(bad.uid())).isTrue();

    SafeRedisQueueItem again = queue.pop().orElseThrow();
    assertThat(again.uid()).isEqualTo(bad.uid());
    assertThat(again.payloadAsString()).isEqualTo("Bad stuff");
    assertThat(queue.ack(again.uid())).isTrue();
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
  }

  @Test
  void failedItemGoesBehindWhatIsWaiting() {
    queue.push("first");
    SafeRedisQueueItem first = queue.pop(-1).orElseThrow();
    queue.push("second");
    queue.fail(first.uid());
    assertThat(queue.pop(-1).orElseThrow().payloadAsString()).isEqualTo("second");
    assertThat(queue.pop(-1).orElseThrow().payloadAsString()).isEqualTo("first");
  }

  @Test
  void ackDeletesThePayloadAndFailKeepsIt() {
    String uid = queue.push("x");
    queue.pop(-1).orElseThrow();
    assertThat(inspector.hasField(keys.items(), uid)).isTrue();
    queue.fail(uid);
    assertThat(inspector.hasField(keys.items(), uid)).isTrue();
    queue.pop(-1).orElseThrow();
    queue.ack(uid);
    assertThat(inspector.hasField(keys.items(), uid)).isFalse();
  }

  @Test
  void ackAndFailOfAnUnknownUidChangeNothing() {
    String waiting = queue.push("waiting");
    SafeRedisQueueSizes before = queue.admin().sizes();
    assertThat(queue.ack("00000000-0000-4000-8000-000000000000")).isFalse();
    assertThat(queue.fail("00000000-0000-4000-8000-000000000000")).isFalse();
    assertThat(queue.admin().sizes()).isEqualTo(before);
    assertThat(inspector.hashSize(keys.items())).isEqualTo(1);
    assertThat(queue.pop(-1).orElseThrow().uid()).isEqualTo(waiting);
  }

  @Test
  void negativeTimeoutReturnsAtOnce() {
    long start = System.nanoTime();
    assertThat(queue.pop(-1)).isEmpty();
    assertThat(queue.tryPop()).isEmpty();
    assertThat(queue.pop(Duration.ofMillis(-1))).isEmpty();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
  }

  @Test
  void positiveTimeoutWaitsAboutThatLong() {
    long start = System.nanoTime();
    assertThat(queue.pop(1.5)).isEmpty();
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(waited).isGreaterThanOrEqualTo(1400);
    assertThat(queue.pop(Duration.ofMillis(300))).isEmpty();
  }

  @Test
  void foreverBlockingPopReturnsWhenALaterPushArrives() throws Exception {
    CompletableFuture<Optional<SafeRedisQueueItem>> popped =
        CompletableFuture.supplyAsync(() -> queue.pop(0));
    Thread.sleep(2500);
    assertThat(popped).isNotDone();
    String uid = queue.push("late");
    SafeRedisQueueItem item = popped.get(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(item.uid()).isEqualTo(uid);
    assertThat(item.payloadAsString()).isEqualTo("late");
  }

  @Test
  void blockingPopReturnsAnItemThatIsAlreadyWaiting() {
    String uid = queue.push("ready");
    assertThat(queue.pop(5).orElseThrow().uid()).isEqualTo(uid);
  }

  @Test
  void bytesAreStoredAsGivenAndTextAsUtf8() {
    byte[] binary = {0, (byte) 0xff, 10, 13, 0x7f};
    queue.push(binary);
    queue.push("grüße ✓");
    assertThat(queue.pop(-1).orElseThrow().payload()).isEqualTo(binary);
    SafeRedisQueueItem text = queue.pop(-1).orElseThrow();
    assertThat(text.payload()).isEqualTo("grüße ✓".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pushAllKeepsOrderAndPopAvailableTakesABatch() {
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      payloads.add(("p" + i).getBytes(StandardCharsets.UTF_8));
    }
    List<String> uids = queue.pushAll(payloads);
    List<SafeRedisQueueItem> batch = queue.popAvailable(4);
    assertThat(batch)
        .extracting(SafeRedisQueueItem::uid)
        .containsExactlyElementsOf(uids.subList(0, 4));
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(6, 4, 0));
    assertThat(queue.ackAll(batch.stream().map(SafeRedisQueueItem::uid).toList())).isEqualTo(4);
    assertThat(queue.popBatch(100, Duration.ofMillis(10))).hasSize(6);
  }

  @Test
  void valuesRoundTripAsJson() {
    record Order(String id, int amount) {}
    queue.pushValue(new Order("a-1", 42));
    SafeRedisQueueItem item = queue.pop(-1).orElseThrow();
    assertThat(item.payloadAsString()).isEqualTo("{\"id\":\"a-1\",\"amount\":42}");
    assertThat(queue.read(item, Order.class)).isEqualTo(new Order("a-1", 42));
  }

  @Test
  void badInputIsRejectedWithTheValueAndWhatIsAllowed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> queue.push((String) null))
        .withMessageContaining("payload must not be null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> queue.push((byte[]) null))
        .withMessageContaining("payload must not be null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> queue.ack((String) null))
        .withMessageContaining("was null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> queue.fail("  "))
        .withMessageContaining("was '  '");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SafeRedisQueue.builder(redis.url()).name(""))
        .withMessageContaining("queue name must be a non-blank string")
        .withMessageContaining("was ''");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SafeRedisQueue.builder(redis.url()).autocleanInterval(Duration.ZERO))
        .withMessageContaining("at least 1ms")
        .withMessageContaining("PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> SafeRedisQueue.builder(redis.url()).autocleanInterval(Duration.ofSeconds(-5)))
        .withMessageContaining("PT-5S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> queue.pop(Double.NaN))
        .withMessageContaining("NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> queue.popAvailable(0))
        .withMessageContaining("was 0");
  }

  @Test
  void hashTaggedNamesKeepTheLayout() {
    try (SafeRedisQueue tagged =
        QueueTestSupport.queue(redis, "{orders-" + System.nanoTime() + "}")) {
      String uid = tagged.push("x");
      SafeRedisQueueKeys taggedKeys = SafeRedisQueueKeys.forName(tagged.name());
      assertThat(taggedKeys.items()).startsWith("srq:{orders-").endsWith("}:items");
      assertThat(inspector.list(taggedKeys.queue())).containsExactly(uid);
      assertThat(tagged.pop(-1).orElseThrow().uid()).isEqualTo(uid);
    }
  }
}

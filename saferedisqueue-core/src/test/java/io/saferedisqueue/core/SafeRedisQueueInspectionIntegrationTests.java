package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin view's inspection reads: pages of the items in flight, the delayed items and the dead
 * letters, the scan for queue names and the view of another queue.
 */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueInspectionIntegrationTests {

  private final RedisTestServer redis;
  private final List<SafeRedisQueue> queues = new ArrayList<>();

  SafeRedisQueueInspectionIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @AfterEach
  void close() {
    queues.forEach(SafeRedisQueue::close);
  }

  private SafeRedisQueue queue(String prefix) {
    SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url())
            .name(QueueTestSupport.uniqueName(prefix))
            .recordPushTime(true)
            .build();
    queues.add(queue);
    return queue;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void inFlightPageListsTheOldGenerationFirstEachOldestFirst() {
    SafeRedisQueue queue = queue("inflight");
    Instant before = Instant.now().minusSeconds(5);
    queue.pushAll(List.of(bytes("one-payload"), bytes("two"), bytes("three"), bytes("four")));
    List<String> old = queue.popAvailable(3).stream().map(SafeRedisQueueItem::uid).toList();
    assertThat(queue.admin().rotate(Duration.ofMinutes(1))).isZero(); // ackbuf becomes backup
    String young = queue.tryPop().orElseThrow().uid();

    SafeRedisQueuePage<InFlightItemInfo> page = queue.admin().inFlightPage(0, 10, 4);

    assertThat(page.total()).isEqualTo(4);
    assertThat(page.offset()).isZero();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.items())
        .extracting(InFlightItemInfo::uid)
        .containsExactly(old.get(0), old.get(1), old.get(2), young);
    assertThat(page.items())
        .extracting(InFlightItemInfo::inBackup)
        .containsExactly(true, true, true, false);
    assertThat(page.items()).allSatisfy(item -> assertThat(item.deliveries()).isEqualTo(1));
    InFlightItemInfo first = page.items().get(0);
    assertThat(first.queuedAt())
        .isNotNull()
        .isAfter(before)
        .isBefore(page.redisTime().plusMillis(1));
    assertThat(first.payload().size()).isEqualTo(11);
    assertThat(first.payload().text()).isEqualTo("one-");
    assertThat(first.payload().truncated()).isTrue();
    assertThat(page.items().get(1).payload().truncated()).isFalse();

    SafeRedisQueuePage<InFlightItemInfo> second = queue.admin().inFlightPage(2, 2, 0);
    assertThat(second.items()).extracting(InFlightItemInfo::uid).containsExactly(old.get(2), young);
    assertThat(second.items().get(0).payload().bytes()).isEmpty();
    assertThat(queue.admin().inFlightPage(3, 1, 0).items())
        .extracting(InFlightItemInfo::uid)
        .containsExactly(young);
    assertThat(queue.admin().inFlightPage(0, 2, 0).hasMore()).isTrue();
    assertThat(queue.admin().inFlightPage(10, 5, 0).items()).isEmpty();
    // Reading changed nothing.
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 1, 3, 0, 0));
  }

  @Test
  void inFlightItemsWithoutPushTimeOrDeliveryCount() {
    SafeRedisQueue plain =
        SafeRedisQueue.builder(redis.url()).name(QueueTestSupport.uniqueName("plain")).build();
    queues.add(plain);
    plain.push("no push time");
    plain.tryPop().orElseThrow();

    InFlightItemInfo item = plain.admin().inFlightPage(0, 10, 100).items().get(0);
    assertThat(item.queuedAt()).isNull();
    assertThat(item.inBackup()).isFalse();
    assertThat(item.payload().text()).isEqualTo("no push time");
  }

  @Test
  void delayedPageListsTheSoonestDueFirst() {
    SafeRedisQueue queue = queue("delayed");
    String later = queue.push(bytes("later"), Duration.ofHours(2));
    String sooner = queue.push(bytes("sooner"), Duration.ofHours(1));
    queue.push("now");

    SafeRedisQueuePage<DelayedItemInfo> page = queue.admin().delayedPage(0, 100, 100);

    assertThat(page.total()).isEqualTo(2);
    assertThat(page.items()).extracting(DelayedItemInfo::uid).containsExactly(sooner, later);
    DelayedItemInfo first = page.items().get(0);
    assertThat(Duration.between(page.redisTime(), first.dueAt()))
        .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    assertThat(first.deliveries()).isZero();
    assertThat(first.payload().text()).isEqualTo("sooner");
    assertThat(queue.admin().delayedPage(1, 1, 0).items())
        .extracting(DelayedItemInfo::uid)
        .containsExactly(later);
  }

  @Test
  void deadLetterPageReturnsOnlyThePreviewOfEachPayload() {
    SafeRedisQueue queue = queue("dead");
    String large = "x".repeat(100_000);
    queue.push(large);
    queue.push("<script>small</script>");
    String first = queue.tryPop().orElseThrow().uid();
    String second = queue.tryPop().orElseThrow().uid();
    queue.deadLetter(first, "too big\nsecond line");
    // Dead letters are ordered by the millisecond they died in (then by uid): one apart, so that
    // "oldest first" decides the order here.
    awaitNextMillisecond(queue);
    queue.deadLetter(second, "bad");

    SafeRedisQueuePage<DeadLetterInfo> page = queue.admin().deadLetterPage(0, 100, 256);

    assertThat(page.total()).isEqualTo(2);
    assertThat(page.items()).extracting(DeadLetterInfo::uid).containsExactly(first, second);
    DeadLetterInfo big = page.items().get(0);
    assertThat(big.payload().size()).isEqualTo(100_000);
    assertThat(big.payload().bytes()).hasSize(256);
    assertThat(big.payload().truncated()).isTrue();
    assertThat(big.reason()).isEqualTo("too big\nsecond line");
    assertThat(big.deliveries()).isEqualTo(1);
    assertThat(big.deadAt()).isBeforeOrEqualTo(page.redisTime());
    assertThat(page.items().get(1).payload().text()).isEqualTo("<script>small</script>");
    assertThat(queue.deadLetters().count()).isEqualTo(2);
  }

  /** Waits until the Redis server's clock has moved past the current millisecond. */
  private static void awaitNextMillisecond(SafeRedisQueue queue) {
    java.time.Instant start = queue.admin().deadLetterPage(0, 1, 0).redisTime();
    while (!queue.admin().deadLetterPage(0, 1, 0).redisTime().isAfter(start)) {
      Thread.onSpinWait();
    }
  }

  @Test
  void scanFindsQueuesThatHoldItemsWhateverTheSliceSize() {
    SafeRedisQueue a = queue("scan-a");
    SafeRedisQueue b = queue("scan-b");
    SafeRedisQueue empty = queue("scan-empty");
    a.push("item");
    b.push(bytes("delayed item"), Duration.ofHours(1));
    for (int i = 0; i < 50; i++) {
      queue("scan-filler").push("filler");
    }

    Set<String> found = new HashSet<>();
    String cursor = "0";
    int slices = 0;
    do {
      QueueNameScan slice = a.admin().scanQueueNames(cursor, 10, 1);
      found.addAll(slice.names());
      cursor = slice.cursor();
      slices++;
    } while (!cursor.equals("0") && slices < 1000);

    assertThat(slices).isGreaterThan(1);
    assertThat(found).contains(a.name(), b.name()).doesNotContain(empty.name());
    QueueNameScan whole = a.admin().scanQueueNames("0", 1000, 100);
    assertThat(whole.complete()).isTrue();
    assertThat(whole.names()).contains(a.name(), b.name());
  }

  @Test
  void forQueueReadsAnotherQueueOnTheSameConnection() {
    SafeRedisQueue mine = queue("mine");
    SafeRedisQueue other = queue("other");
    other.pushAll(List.of(bytes("1"), bytes("2")));
    other.tryPop().orElseThrow();

    SafeRedisQueueAdmin view = mine.admin().forQueue(other.name());

    assertThat(view.name()).isEqualTo(other.name());
    assertThat(view.keys()).isEqualTo(SafeRedisQueueKeys.forName(other.name()));
    assertThat(view.sizes()).isEqualTo(new SafeRedisQueueSizes(1, 1, 0, 0, 0));
    assertThat(view.inFlightPage(0, 10, 10).items()).hasSize(1);
    assertThat(view.autoclean()).isEqualTo(-1);
    assertThat(mine.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0, 0, 0));
  }

  @Test
  void badArgumentsAreRejectedWithTheValueAndWhatIsAllowed() {
    SafeRedisQueueAdmin admin = queue("checks").admin();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> admin.inFlightPage(-1, 10, 0))
        .withMessage("offset must be >= 0, was -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> admin.delayedPage(0, 0, 0))
        .withMessage("limit must be between 1 and 1000 items per page, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> admin.deadLetterPage(0, 1001, 0))
        .withMessageContaining("was 1001");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> admin.deadLetterPage(0, 10, 70_000))
        .withMessage("previewBytes must be between 0 and 65536, was 70000");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> admin.scanQueueNames("abc", 10, 1))
        .withMessageContaining("was abc");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> admin.scanQueueNames("0", 10, 0))
        .withMessageContaining("were 10 and 0");
    assertThatIllegalArgumentException().isThrownBy(() -> admin.forQueue(" "));
  }
}

package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import io.saferedisqueue.testsupport.RedisCommandCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stats script (sizes plus the oldest waiting item's age), the push time in the headers hash,
 * when header entries are written and deleted, and the stats cache.
 */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueStatsIntegrationTests {

  private final RedisTestServer redis;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private static RedisInspector inspector;

  SafeRedisQueueStatsIntegrationTests(RedisTestServer redis) {
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

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private SafeRedisQueue queue(boolean recordPushTime) {
    return queue(QueueTestSupport.uniqueName("stats"), recordPushTime);
  }

  private SafeRedisQueue queue(String name, boolean recordPushTime) {
    SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url())
            .name(name)
            .recordPushTime(recordPushTime)
            .maxDeliveries(2)
            .build();
    closeables.add(queue);
    return queue;
  }

  private static SafeRedisQueueKeys keys(SafeRedisQueue queue) {
    return SafeRedisQueueKeys.forName(queue.name());
  }

  private static boolean hasHeaders(SafeRedisQueue queue, String uid) {
    return inspector.hasField(keys(queue).headers(), uid);
  }

  private static String headerValue(SafeRedisQueue queue, String uid) {
    byte[] value = inspector.field(keys(queue).headers(), uid);
    return value == null ? "" : new String(value, StandardCharsets.UTF_8);
  }

  @Test
  void statsReadEverySizeAndTheAgeOfTheOldestWaitingItem() throws Exception {
    SafeRedisQueue queue = queue(true);
    assertThat(queue.admin().stats().oldestAge()).isEqualTo(Duration.ZERO);

    long firstPushedAt = System.nanoTime();
    String first = queue.push("first");
    Thread.sleep(300);
    queue.pushAll(List.of(bytes("second"), bytes("third"), bytes("fourth")));
    queue.push(bytes("later"), Duration.ofMinutes(5));
    String popped = queue.pop(-1).orElseThrow().uid();
    assertThat(popped).isEqualTo(first);
    String dead = queue.pop(-1).orElseThrow().uid();
    queue.deadLetter(dead, "test");

    SafeRedisQueueStats stats = queue.admin().stats();
    assertThat(stats.sizes()).isEqualTo(new SafeRedisQueueSizes(2, 1, 0, 1, 1));
    assertThat(stats.waiting()).isEqualTo(2);
    assertThat(stats.inFlight()).isEqualTo(1);
    assertThat(stats.delayed()).isEqualTo(1);
    assertThat(stats.dead()).isEqualTo(1);
    // "third" is next in line; it was pushed at least 300 ms after "first", so its age is at least
    // that much below the time since "first" was pushed (50 ms of slack for clock granularity),
    // however slow this machine is.
    Duration sinceFirst = Duration.ofNanos(System.nanoTime() - firstPushedAt);
    assertThat(stats.oldestAge()).isNotNull().isLessThan(sinceFirst.minusMillis(250));
    assertThat(queue.admin().sizes()).isEqualTo(stats.sizes());
  }

  @Test
  void theAgeGrowsWhileTheHeadWaits() throws Exception {
    SafeRedisQueue queue = queue(true);
    queue.push("waiting");
    Thread.sleep(400);
    Duration age = queue.admin().stats().oldestAge();
    assertThat(age).isNotNull().isBetween(Duration.ofMillis(350), Duration.ofSeconds(5));
    assertThat(queue.admin().stats().oldestAgeSeconds()).isGreaterThanOrEqualTo(0.35);
  }

  @Test
  void anItemPushedWithADelayAgesFromItsDueTime() throws Exception {
    SafeRedisQueue queue = queue(true);
    queue.push("ahead");
    queue.push(bytes("delayed"), Duration.ofMillis(1000));
    Thread.sleep(1300);
    // The pop script moves the due item into the queue and delivers the one ahead of it.
    assertThat(queue.popAvailable(1))
        .extracting(SafeRedisQueueItem::payloadAsString)
        .containsExactly("ahead");
    SafeRedisQueueStats stats = queue.admin().stats();
    assertThat(stats.waiting()).isEqualTo(1);
    assertThat(stats.oldestAge())
        .as("waiting since it became due, not since it was pushed")
        .isNotNull()
        .isBetween(Duration.ofMillis(250), Duration.ofMillis(1000));
  }

  @Test
  void withoutPushTimeThereIsNoHeadersHashAndTheAgeIsUnknown() {
    SafeRedisQueue queue = queue(false);
    String uid = queue.push("plain");
    queue.pushAll(List.of(bytes("a"), bytes("b")));
    assertThat(inspector.exists(keys(queue).headers())).isFalse();
    assertThat(hasHeaders(queue, uid)).isFalse();
    assertThat(queue.admin().stats().waiting()).isEqualTo(3);
    assertThat(queue.admin().stats().oldestAge()).isNull();
    assertThat(queue.admin().stats().oldestAgeSeconds()).isNaN();
  }

  @Test
  void anItemOfAPythonProducerAtTheHeadIsSkippedForTheNextOneWithATime() throws Exception {
    SafeRedisQueue queue = queue(true);
    try (PythonProtocolClient python = new PythonProtocolClient(redis.url(), queue.name(), 60L)) {
      python.put("from python");
      assertThat(queue.admin().stats().oldestAge()).as("only a Python item waits").isNull();
      queue.push("from java");
      Thread.sleep(200);
      assertThat(queue.admin().stats().oldestAge())
          .isNotNull()
          .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }
  }

  @Test
  void thePushTimeIsStoredBesideThePayloadAndDeletedOnAck() {
    SafeRedisQueue queue = queue(true);
    String uid = queue.push("payload");
    assertThat(inspector.field(keys(queue).items(), uid)).isEqualTo(bytes("payload"));
    assertThat(headerValue(queue, uid)).matches("t=\\d{13}");
    assertThat(queue.admin().headers(List.of(uid))).containsExactly(Map.of());

    SafeRedisQueueItem item = queue.pop(-1).orElseThrow();
    assertThat(item.payloadAsString()).isEqualTo("payload");
    assertThat(hasHeaders(queue, uid)).as("kept while in flight").isTrue();
    queue.ack(uid);
    assertThat(hasHeaders(queue, uid)).as("deleted on ack").isFalse();
  }

  @Test
  void headersStayWhenAnItemIsFailedAndGoWhenItIsDeadLettered() {
    SafeRedisQueue queue = queue(true);
    String uid = queue.push("payload");
    queue.pop(-1).orElseThrow();
    assertThat(queue.fail(uid)).isTrue();
    assertThat(hasHeaders(queue, uid)).as("kept when failed").isTrue();

    queue.pop(-1).orElseThrow();
    assertThat(queue.fail(uid, Duration.ZERO, "second failure"))
        .isEqualTo(FailOutcome.DEAD_LETTERED);
    assertThat(hasHeaders(queue, uid)).as("deleted with the dead letter").isFalse();

    String explicit = queue.push("explicit");
    queue.pop(-1).orElseThrow();
    queue.deadLetter(explicit, "bad");
    assertThat(hasHeaders(queue, explicit)).isFalse();
  }

  @Test
  void anItemDeadLetteredByThePopScriptLosesItsHeaders() {
    SafeRedisQueue queue = queue(true);
    String uid = queue.push("vanishing consumers");
    for (int i = 0; i < 2; i++) {
      queue.pop(-1).orElseThrow();
      // As if the consumer died: put it back the way autoclean would.
      inspector.template().opsForList().remove(keys(queue).ackbuf(), 0, bytes(uid));
      inspector.template().opsForList().leftPush(keys(queue).queue(), bytes(uid));
    }
    assertThat(queue.pop(-1)).isEmpty();
    assertThat(queue.deadLetters().count()).isEqualTo(1);
    assertThat(hasHeaders(queue, uid)).isFalse();
  }

  @Test
  void pruningDeletesEntriesOfItemsAckedByClientsThatDoNotKnowTheHeaders() {
    String name = QueueTestSupport.uniqueName("prune");
    SafeRedisQueue queue = queue(name, true);
    List<String> uids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      uids.add(queue.push("item-" + i));
    }
    try (PythonProtocolClient python = new PythonProtocolClient(redis.url(), name, null)) {
      for (int i = 0; i < 20; i++) {
        String[] item = python.get(-1);
        python.ack(item[0]);
      }
    }
    assertThat(inspector.hashSize(keys(queue).headers())).isEqualTo(30);

    long deleted = 0;
    for (int i = 0; i < 10 && deleted < 20; i++) {
      deleted += queue.admin().pruneHeaders(5);
    }
    assertThat(deleted).isEqualTo(20);
    assertThat(inspector.hashSize(keys(queue).headers())).isEqualTo(10);
    uids.subList(20, 30).forEach(uid -> assertThat(hasHeaders(queue, uid)).isTrue());
  }

  @Test
  void anAutocleanRotationPrunesOrphanedHeaders() {
    String name = QueueTestSupport.uniqueName("prune-rotation");
    SafeRedisQueue queue = queue(name, true);
    String uid = queue.push("acked by python");
    try (PythonProtocolClient python = new PythonProtocolClient(redis.url(), name, null)) {
      python.ack(python.get(-1)[0]);
    }
    assertThat(hasHeaders(queue, uid)).isTrue();
    assertThat(queue.admin().rotate(Duration.ofSeconds(30))).isZero();
    assertThat(hasHeaders(queue, uid)).isFalse();
  }

  @Test
  void theCacheRunsOneScriptPerTimeToLive() throws Exception {
    SafeRedisQueue queue = queue(true);
    queue.push("one");
    SafeRedisQueueStatsCache cache = new SafeRedisQueueStatsCache(Duration.ofMillis(400));
    SafeRedisQueueStats first = cache.get(queue);
    long before = RedisCommandCalls.scripts(inspector);
    for (int i = 0; i < 20; i++) {
      assertThat(cache.get(queue)).isSameAs(first);
    }
    assertThat(RedisCommandCalls.scripts(inspector) - before).isZero();

    queue.push("two");
    Thread.sleep(450);
    assertThat(cache.get(queue).waiting()).isEqualTo(2);
  }

  @Test
  void theCacheKeepsAFailureForItsTimeToLiveAndRecovers() {
    try (LocalRedisServer server = LocalRedisServer.startDefault()) {
      SafeRedisQueue queue =
          SafeRedisQueue.builder(server.url())
              .name("cache-outage")
              .commandTimeout(Duration.ofSeconds(2))
              .build();
      closeables.add(queue);
      SafeRedisQueueStatsCache cache = new SafeRedisQueueStatsCache(Duration.ofMillis(300));
      queue.push("x");
      assertThat(cache.get(queue).waiting()).isEqualTo(1);

      server.stop();
      assertThat(cache.get(queue).waiting()).as("still cached").isEqualTo(1);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> cache.getIfAvailable(queue) == null);
      assertThatExceptionOfType(SafeRedisQueueException.class).isThrownBy(() -> cache.get(queue));

      server.start();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> cache.getIfAvailable(queue) != null);
    }
  }

  @Test
  void aNegativeTimeToLiveIsRejectedNamingIt() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new SafeRedisQueueStatsCache(Duration.ofSeconds(-1)))
        .withMessageContaining("PT-1S");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

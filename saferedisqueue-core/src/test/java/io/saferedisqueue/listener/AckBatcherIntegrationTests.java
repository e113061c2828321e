package io.saferedisqueue.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

@ExtendWith(RedisTestExtension.class)
class AckBatcherIntegrationTests {

  private static final BackOff RETRY = new FixedBackOff(50, FixedBackOff.UNLIMITED_ATTEMPTS);

  private final RedisTestServer redis;

  private static RedisInspector inspector;

  AckBatcherIntegrationTests(RedisTestServer redis) {
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
  void acksFromManyThreadsGoOutInBatchesAndAllArrive() throws Exception {
    try (SafeRedisQueue queue = queue(redis, uniqueName("acks"))) {
      List<byte[]> payloads = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        payloads.add(("m" + i).getBytes());
      }
      queue.pushAll(payloads);
      List<SafeRedisQueueItem> items = queue.popAvailable(2000);
      List<Integer> flushes = new CopyOnWriteArrayList<>();
      try (AckBatcher batcher =
          new AckBatcher(queue, 256, Duration.ofMillis(5), RETRY, flushes::add)) {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int offset = t;
          Thread thread =
              new Thread(
                  () -> {
                    for (int i = offset; i < items.size(); i += 4) {
                      batcher.ack(items.get(i).uid());
                    }
                  });
          thread.start();
          threads.add(thread);
        }
        for (Thread thread : threads) {
          thread.join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.admin().sizes().inFlight() == 0);
      }
      assertThat(flushes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2000);
      assertThat(flushes).allSatisfy(size -> assertThat(size).isBetween(1, 256));
      assertThat(flushes.size()).isLessThan(2000);
      assertThat(inspector.hashSize(SafeRedisQueueKeys.forName(queue.name()).items())).isZero();
    }
  }

  @Test
  void closeSendsWhatIsWaiting() {
    try (SafeRedisQueue queue = queue(redis, uniqueName("close"))) {
      String uid = queue.push("x");
      queue.tryPop();
      AckBatcher batcher = new AckBatcher(queue, 100, Duration.ofSeconds(1), RETRY);
      batcher.ack(uid);
      batcher.close();
      assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    }
  }

  @Test
  void anAckIsOnlyQueuedUntilItsBatchIsSent() {
    String name = uniqueName("unsent");
    try (SafeRedisQueue queue = queue(redis, name, Duration.ofMillis(300))) {
      String uid = queue.push("x");
      queue.tryPop();
      // The ack sits in a batcher that never flushes (its process "dies" before maxDelay).
      AckBatcher batcher = new AckBatcher(queue, 100, Duration.ofSeconds(1), RETRY);
      batcher.ack(uid);
      assertThat(queue.admin().sizes().inFlight()).isEqualTo(1);
      // The item is still in flight; autoclean would redeliver it.
      assertThat(inspector.hasField(SafeRedisQueueKeys.forName(name).items(), uid)).isTrue();
      batcher.close();
    }
  }

  @Test
  void anOutageIsOneWarningAndTheAcksArriveAfterIt() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(AckBatcher.class);
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    log.start();
    logger.addAppender(log);
    try (LocalRedisServer server = LocalRedisServer.builder().appendOnly().build().start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder(server.url())
                .name(uniqueName("outage"))
                .commandTimeout(Duration.ofMillis(300))
                .build()) {
      String uid = queue.push("x");
      queue.tryPop();
      server.stop();
      try (AckBatcher batcher = new AckBatcher(queue, 100, Duration.ofMillis(1), RETRY)) {
        batcher.ack(uid);
        // Many retries at 50 ms while Redis is down (a failover takes seconds).
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> log.list.stream().anyMatch(e -> e.getLevel() == Level.DEBUG));
        server.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> queue.admin().sizes().inFlight() == 0);
      }
      assertThat(log.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage()).contains("retrying every 50ms"));
      assertThat(log.list)
          .filteredOn(e -> e.getLevel() == Level.INFO)
          .singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage()).contains("Sent 1 acks of queue"));
    } finally {
      logger.detachAppender(log);
      logger.setLevel(level);
    }
  }

  @Test
  void badSettingsAreRejected() {
    try (SafeRedisQueue queue = queue(redis, "unused")) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> new AckBatcher(queue, 0, Duration.ofMillis(5), RETRY))
          .withMessageContaining("maxBatch must be 1..10000, was 0");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> new AckBatcher(queue, 10, Duration.ofSeconds(5), RETRY))
          .withMessageContaining("maxDelay must be 1ms..1s, was PT5S");
    }
  }

  private static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static SafeRedisQueue queue(RedisTestServer redis, String name) {
    return SafeRedisQueue.builder(redis.url()).name(name).build();
  }

  private static SafeRedisQueue queue(RedisTestServer redis, String name, Duration autoclean) {
    return SafeRedisQueue.builder(redis.url()).name(name).autocleanInterval(autoclean).build();
  }
}

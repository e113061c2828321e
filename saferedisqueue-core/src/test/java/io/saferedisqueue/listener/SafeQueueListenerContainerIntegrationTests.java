package io.saferedisqueue.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import io.saferedisqueue.testsupport.RedisCommandCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The container on its own, without Spring: shutdown, outages and idle behaviour. */
@ExtendWith(RedisTestExtension.class)
class SafeQueueListenerContainerIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final RedisTestServer redis;
  private final List<SafeQueueListenerContainer> containers = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private String name;
  private SafeRedisQueue queue;
  private SafeRedisQueueKeys keys;
  private RedisInspector inspector;

  SafeQueueListenerContainerIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void createQueue() {
    name = "container-" + UUID.randomUUID().toString().substring(0, 8);
    queue = SafeRedisQueue.builder(redis.url()).name(name).build();
    closeables.add(queue);
    keys = SafeRedisQueueKeys.forName(name);
    inspector = RedisInspector.connect(redis.url());
    closeables.add(inspector);
  }

  @AfterEach
  void cleanUp() throws Exception {
    release.countDown();
    containers.forEach(SafeQueueListenerContainer::stop);
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private SafeQueueListenerContainer container(
      String id, SafeRedisQueue source, SafeQueueItemListener listener) {
    SafeQueueListenerContainer container = new SafeQueueListenerContainer(id, source, listener);
    container.setPollTimeout(Duration.ofMillis(200));
    containers.add(container);
    return container;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void stopWaitsForTheRunningHandlerAcksItAndRequeuesWhatWasNotStarted() throws Exception {
    List<String> uids = queue.pushAll(List.of(bytes("first"), bytes("second"), bytes("third")));
    BlockingQueue<String> started = new LinkedBlockingQueue<>();
    SafeQueueListenerContainer container =
        container(
            "graceful",
            queue,
            item -> {
              started.add(item.payloadAsString());
              release.await();
            });
    container.start();
    assertThat(started.poll(15, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(container.getActiveHandlers()).isEqualTo(1);

    Thread stopper = new Thread(container::stop, "stopper");
    stopper.start();
    await().atMost(WAIT).until(() -> !container.isRunning());
    // The two fetched but unstarted items go back at once, while the handler still runs.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(2, 1, 0)));
    assertThat(stopper.isAlive()).as("stop waits for the running handler").isTrue();
    release.countDown();
    stopper.join(15_000);
    assertThat(stopper.isAlive()).isFalse();

    assertThat(started).isEmpty();
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(2, 0, 0));
    assertThat(inspector.fields(keys.items())).containsExactlyInAnyOrder(uids.get(1), uids.get(2));
    assertThat(container.getActiveHandlers()).isZero();
  }

  /**
   * Items put back by a stopping or pausing container were not run by any handler: even on their
   * last allowed delivery they must not become dead letters, and the delivery must not count.
   */
  @Test
  void itemsPutBackUnstartedOnStopAreNotDeadLetteredAndKeepTheirDeliveryCount() throws Exception {
    SafeRedisQueue limited = limitedQueue();
    List<String> uids = limited.pushAll(List.of(bytes("first"), bytes("second"), bytes("third")));
    CountDownLatch started = new CountDownLatch(1);
    SafeQueueListenerContainer container =
        container(
            "put-back-on-stop",
            limited,
            item -> {
              started.countDown();
              release.await();
            });
    container.start();
    assertThat(started.await(15, TimeUnit.SECONDS)).isTrue();

    Thread stopper = new Thread(container::stop, "stopper");
    stopper.start();
    await().atMost(WAIT).until(() -> limited.admin().sizes().inFlight() == 1);
    release.countDown();
    stopper.join(15_000);

    assertPutBackUncounted(limited, uids.subList(1, 3));
  }

  @Test
  void itemsPutBackUnstartedOnPauseAreNotDeadLetteredAndKeepTheirDeliveryCount() throws Exception {
    SafeRedisQueue limited = limitedQueue();
    List<String> uids = limited.pushAll(List.of(bytes("first"), bytes("second"), bytes("third")));
    CountDownLatch started = new CountDownLatch(1);
    SafeQueueListenerContainer container =
        container(
            "put-back-on-pause",
            limited,
            item -> {
              started.countDown();
              release.await();
            });
    container.start();
    assertThat(started.await(15, TimeUnit.SECONDS)).isTrue();

    container.pause();
    await().atMost(WAIT).until(() -> limited.admin().sizes().inFlight() == 1);
    release.countDown();
    await().atMost(WAIT).until(() -> limited.admin().sizes().inFlight() == 0);
    container.stop();

    assertPutBackUncounted(limited, uids.subList(1, 3));
  }

  /** A queue on which an item's first delivery is its last allowed one. */
  private SafeRedisQueue limitedQueue() {
    SafeRedisQueue limited =
        SafeRedisQueue.builder(redis.url()).name(name + "-limited").maxDeliveries(1).build();
    closeables.add(limited);
    return limited;
  }

  private static void assertPutBackUncounted(SafeRedisQueue queue, List<String> putBack) {
    assertThat(queue.deadLetters().count()).as("dead letters").isZero();
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(putBack.size(), 0, 0));
    List<SafeRedisQueueItem> again = queue.popAvailable(putBack.size());
    assertThat(again).extracting(SafeRedisQueueItem::uid).containsExactlyElementsOf(putBack);
    assertThat(again).extracting(SafeRedisQueueItem::deliveries).containsOnly(1);
    assertThat(queue.ackAll(putBack)).isEqualTo(putBack.size());
  }

  @Test
  void handlerStillRunningAfterTheShutdownTimeoutLeavesItsItemInFlight() throws Exception {
    List<String> uids = queue.pushAll(List.of(bytes("slow"), bytes("unstarted")));
    String uid = uids.get(0);
    CountDownLatch started = new CountDownLatch(1);
    SafeQueueListenerContainer container =
        container(
            "slow",
            queue,
            item -> {
              started.countDown();
              release.await();
            });
    container.setShutdownTimeout(Duration.ofMillis(300));
    container.start();
    assertThat(started.await(15, TimeUnit.SECONDS)).isTrue();

    container.stop();

    assertThat(container.isRunning()).isFalse();
    assertThat(container.getActiveHandlers()).isEqualTo(1);
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(1, 1, 0));
    assertThat(inspector.list(keys.ackbuf())).containsExactly(uid);
    assertThat(inspector.list(keys.queue())).containsExactly(uids.get(1));
    assertThat(inspector.hasField(keys.items(), uid)).isTrue();
    // Nothing is lost: autoclean would requeue it; here the handler finishes late and acks it.
    release.countDown();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(1, 0, 0)));
    assertThat(inspector.hasField(keys.items(), uid)).isFalse();
  }

  @Test
  void pauseStopsDeliveryAndResumeContinues() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    SafeQueueListenerContainer container =
        container("pausing", queue, item -> received.add(item.payloadAsString()));
    container.setConcurrency(2);
    container.pause();
    container.start();
    assertThat(container.isRunning()).isTrue();
    assertThat(container.isPaused()).isTrue();
    queue.push("one");
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(received::isEmpty);
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(1, 0, 0));

    container.resume();
    assertThat(received.poll(15, TimeUnit.SECONDS)).isEqualTo("one");
    container.stop();
    queue.push("two");
    container.start();
    assertThat(received.poll(15, TimeUnit.SECONDS)).isEqualTo("two");
  }

  @Test
  void containerSurvivesARedisRestart() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(RedisOutageMonitor.class);
    log.start();
    logger.addAppender(log);
    LocalRedisServer server = LocalRedisServer.builder().build().start();
    closeables.add(server);
    try {
      SafeRedisQueue own =
          SafeRedisQueue.builder(server.url())
              .name(name)
              .commandTimeout(Duration.ofSeconds(2))
              .build();
      closeables.add(own);
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      SafeQueueListenerContainer container =
          container("outage", own, item -> received.add(item.payloadAsString()));
      container.setRecoveryInterval(Duration.ofMillis(50), Duration.ofMillis(500));
      container.start();
      own.push("before");
      assertThat(received.poll(15, TimeUnit.SECONDS)).isEqualTo("before");

      server.stop();
      await().atMost(WAIT).until(() -> count(log, Level.WARN, "cannot use Redis") == 1);
      Thread.sleep(500); // several failed attempts, still one warning
      server.start();

      try (SafeRedisQueue producer = SafeRedisQueue.builder(server.url()).name(name).build()) {
        producer.push("after");
      }
      assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("after");
      assertThat(container.isRunning()).isTrue();
      assertThat(count(log, Level.WARN, "cannot use Redis")).isEqualTo(1);
      await().atMost(WAIT).until(() -> count(log, Level.INFO, "reached Redis again") == 1);
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void idleContainerBlocksInsteadOfPolling() throws Exception {
    LocalRedisServer server = LocalRedisServer.builder().build().start();
    closeables.add(server);
    SafeRedisQueue own = SafeRedisQueue.builder(server.url()).name(name).build();
    closeables.add(own);
    RedisInspector ownRedis = RedisInspector.connect(server.url());
    closeables.add(ownRedis);
    SafeQueueListenerContainer container = container("idle", own, item -> {});
    container.setPollTimeout(Duration.ofSeconds(1));
    container.start();
    await().atMost(WAIT).until(() -> RedisCommandCalls.calls(ownRedis, "blmove") > 0);

    long scriptsBefore = RedisCommandCalls.scripts(ownRedis);
    long blocksBefore = RedisCommandCalls.calls(ownRedis, "blmove");
    Thread.sleep(2000);
    long scripts = RedisCommandCalls.scripts(ownRedis) - scriptsBefore;
    long blocks = RedisCommandCalls.calls(ownRedis, "blmove") - blocksBefore;

    // One pop script per blocking pop of 1 s plus at most one autoclean attempt per second.
    assertThat(scripts).as("scripts run in 2 s while idle").isLessThanOrEqualTo(8);
    assertThat(blocks).as("blocking pops in 2 s").isBetween(1L, 4L);
  }

  private static long count(ListAppender<ILoggingEvent> log, Level level, String text) {
    return List.copyOf(log.list).stream()
        .filter(event -> event.getLevel() == level)
        .filter(event -> event.getFormattedMessage().contains(text))
        .count();
  }
}

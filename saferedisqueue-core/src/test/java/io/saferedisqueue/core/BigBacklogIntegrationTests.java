package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.core.script.AutocleanScript;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import io.saferedisqueue.testsupport.RedisCommandCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;

/**
 * Big backlogs are worked through in bounded atomic steps (here 1,000 items per script, with time
 * enough for them, 5,000 items; and steps cut short by their time budget): a rotation of the old
 * generation, requeuing all dead letters, requeuing many given ones. Between two steps, and at
 * every moment an observer looks, each item is in exactly one of queue, ackbuf, backup, delayed or
 * dead. A pop stops taking items once their payloads reach a megabyte.
 */
@ExtendWith(RedisTestExtension.class)
class BigBacklogIntegrationTests {

  private static final int CHUNK = 1000;
  private static final int ITEMS = 5000;

  /** Every uid in the five places, read in one atomic script. */
  private static final byte[] PLACES =
      """
      return {redis.call('LRANGE', KEYS[1], 0, -1), redis.call('LRANGE', KEYS[2], 0, -1),
        redis.call('LRANGE', KEYS[3], 0, -1), redis.call('ZRANGE', KEYS[4], 0, -1),
        redis.call('ZRANGE', KEYS[5], 0, -1)}
      """
          .getBytes(StandardCharsets.UTF_8);

  private static RedisInspector inspector;

  private final RedisTestServer redis;

  BigBacklogIntegrationTests(RedisTestServer redis) {
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
  void aRotationOfABigBackupMovesOneChunkPerScriptAndTheLastOneCompletesIt() throws Exception {
    String name = QueueTestSupport.uniqueName("big-rotation");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue queue = queue(name)) {
      Set<String> all = new HashSet<>(push(queue, ITEMS + 20));
      take(queue, ITEMS);
      assertThat(queue.admin().rotate(Duration.ofMillis(1))).isZero(); // ackbuf -> backup
      awaitNoLock(keys);
      take(queue, 10); // the young generation, renamed to backup when the rotation completes
      List<String> young = inspector.list(keys.ackbuf());
      queue.fail(young.get(0), Duration.ofHours(1), "later"); // one delayed
      queue.deadLetter(young.get(1), "poison"); // one dead
      young = inspector.list(keys.ackbuf());
      long waitingBefore = inspector.listSize(keys.queue());

      for (int step = 1; step <= ITEMS / CHUNK; step++) {
        AutocleanScript.Step done = queue.admin().rotationStep(Duration.ofMinutes(1));
        assertThat(done.moved()).isEqualTo(CHUNK);
        assertThat(done.state())
            .isEqualTo(
                step < ITEMS / CHUNK ? AutocleanScript.State.MORE : AutocleanScript.State.DONE);
        assertEachInExactlyOnePlace(keys, all);
        if (step < ITEMS / CHUNK) {
          assertThat(inspector.listSize(keys.backup())).isEqualTo(ITEMS - step * CHUNK);
          assertThat(inspector.exists(keys.backupLock())).as("no lock mid-rotation").isFalse();
          assertThat(inspector.list(keys.ackbuf())).isEqualTo(young);
        }
        assertThat(inspector.listSize(keys.queue())).isEqualTo(waitingBefore + step * CHUNK);
      }
      assertThat(inspector.list(keys.backup())).as("ackbuf became backup").isEqualTo(young);
      assertThat(inspector.exists(keys.ackbuf())).isFalse();
      assertThat(inspector.ttlMillis(keys.backupLock())).isBetween(1L, 60_000L);
      assertThat(queue.admin().rotationStep(Duration.ofMinutes(1)).state())
          .isEqualTo(AutocleanScript.State.LOCKED);
    }
  }

  @Test
  void rotateRunsItsStepsUntilDoneAndFinishesARotationSomeoneElseLeftHalfDone() throws Exception {
    String name = QueueTestSupport.uniqueName("big-rotate");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue crashed = queue(name);
        SafeRedisQueue survivor = queue(name)) {
      Set<String> all = new HashSet<>(push(crashed, ITEMS));
      take(crashed, ITEMS);
      crashed.admin().rotate(Duration.ofMillis(1));
      awaitNoLock(keys);
      // Two steps, then the process is gone: no lock, 3,000 still in backup.
      crashed.admin().rotationStep(Duration.ofMinutes(1));
      crashed.admin().rotationStep(Duration.ofMinutes(1));
      assertEachInExactlyOnePlace(keys, all);

      warmUp();
      long scripts = queueScripts();
      assertThat(survivor.admin().rotate(Duration.ofMinutes(1))).isEqualTo(3000);
      assertThat(queueScripts() - scripts)
          .as("three rotation steps and the header pruning that follows a rotation")
          .isEqualTo(4);
      assertEachInExactlyOnePlace(keys, all);
      assertThat(inspector.listSize(keys.queue())).isEqualTo(ITEMS);
      assertThat(inspector.exists(keys.backupLock())).isTrue();
      assertThat(survivor.admin().rotate(Duration.ofMinutes(1))).isEqualTo(-1);
    }
  }

  @Test
  void aPythonConsumerFinishesARotationLeftHalfDoneInOneGo() throws Exception {
    String name = QueueTestSupport.uniqueName("big-python");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue java = queue(name);
        PythonProtocolClient python = new PythonProtocolClient(redis.url(), name, 60L)) {
      Set<String> all = new HashSet<>(push(java, ITEMS));
      take(java, ITEMS);
      java.admin().rotate(Duration.ofMillis(1));
      awaitNoLock(keys);
      java.admin().rotationStep(Duration.ofMinutes(1));
      java.admin().rotationStep(Duration.ofMinutes(1));
      // No lock and a partly moved backup: the Python library's rotation takes it from here.
      String[] first = python.get(-1);
      assertThat(first).isNotNull();
      assertThat(inspector.exists(keys.backup())).isFalse();
      assertThat(inspector.ttlMillis(keys.backupLock())).isPositive();
      assertThat(inspector.list(keys.ackbuf())).containsExactly(first[0]);
      assertEachInExactlyOnePlace(keys, all);
    }
  }

  @Test
  void requeueAllOfManyDeadLettersGoesInStepsWhileAnObserverSeesEachItemOnce() throws Exception {
    String name = QueueTestSupport.uniqueName("big-dead");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue queue = queue(name)) {
      Set<String> all = new HashSet<>(push(queue, ITEMS));
      for (int done = 0; done < ITEMS; done += CHUNK) {
        List<String> uids =
            queue.popAvailable(CHUNK).stream().map(SafeRedisQueueItem::uid).toList();
        assertThat(queue.failAll(uids, Duration.ZERO, "poison", 1))
            .containsOnly(FailOutcome.DEAD_LETTERED);
      }
      assertThat(queue.deadLetters().count()).isEqualTo(ITEMS);

      warmUp();
      AtomicBoolean finished = new AtomicBoolean();
      AtomicInteger looks = new AtomicInteger();
      CompletableFuture<Void> observer =
          CompletableFuture.runAsync(
              () -> {
                while (!finished.get()) {
                  assertEachInExactlyOnePlace(keys, all);
                  looks.incrementAndGet();
                }
              });
      long scripts = queueScripts();
      assertThat(queue.deadLetters().requeueAll()).isEqualTo(ITEMS);
      assertThat(queueScripts() - scripts).as("steps").isEqualTo(ITEMS / CHUNK);
      finished.set(true);
      observer.get(30, TimeUnit.SECONDS);
      assertThat(looks.get()).as("the observer looked").isPositive();
      assertEachInExactlyOnePlace(keys, all);
      assertThat(inspector.listSize(keys.queue())).isEqualTo(ITEMS);
      assertThat(inspector.hashSize(keys.items())).isEqualTo(ITEMS);
      assertThat(inspector.exists(keys.deadItems())).isFalse();
      assertThat(inspector.exists(keys.deadInfo())).isFalse();
    }
  }

  @Test
  void manyGivenDeadLettersAreRequeuedAndDeletedInChunksAndDeleteAllIsOneScript() {
    String name = QueueTestSupport.uniqueName("big-dead-uids");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue queue = queue(name)) {
      push(queue, 2 * ITEMS);
      List<String> dead = new ArrayList<>();
      for (int done = 0; done < 2 * ITEMS; done += CHUNK) {
        List<String> uids =
            queue.popAvailable(CHUNK).stream().map(SafeRedisQueueItem::uid).toList();
        queue.failAll(uids, Duration.ZERO, "poison", 1);
        dead.addAll(uids);
      }
      warmUp();
      long scripts = queueScripts();
      assertThat(queue.deadLetters().requeue(dead.subList(0, 2500))).isEqualTo(2500);
      assertThat(queue.deadLetters().delete(dead.subList(2500, 5000))).isEqualTo(2500);
      assertThat(queueScripts() - scripts).as("3 + 3 steps").isEqualTo(6);

      scripts = queueScripts();
      assertThat(queue.deadLetters().deleteAll()).isEqualTo(ITEMS);
      assertThat(queueScripts() - scripts).isEqualTo(1);
      assertThat(inspector.exists(keys.dead())).isFalse();
      assertThat(inspector.exists(keys.deadItems())).isFalse();
      assertThat(inspector.exists(keys.deadInfo())).isFalse();
      assertThat(inspector.listSize(keys.queue())).isEqualTo(2500);
    }
  }

  /**
   * Runs the dead-letter and rotation scripts once on another queue, so that Redis has them cached
   * and each later call is one {@code EVALSHA} (a first call is a failed EVALSHA and an EVAL).
   */
  private void warmUp() {
    try (SafeRedisQueue other = queue(QueueTestSupport.uniqueName("warm-up"))) {
      other.deadLetters().requeue(List.of("none"));
      other.deadLetters().requeueAll();
      other.deadLetters().delete(List.of("none"));
      other.deadLetters().deleteAll();
      other.admin().rotate(Duration.ofMillis(1));
      other.admin().pruneHeaders(1);
    }
  }

  /** Scripts the queues ran ({@code EVALSHA}; the observer of this test uses EVAL). */
  private static long queueScripts() {
    return RedisCommandCalls.calls(inspector, "evalsha");
  }

  @Test
  void aStepStopsOnceItsTimeIsUpAndTheJobStillCompletes() throws Exception {
    String name = QueueTestSupport.uniqueName("big-hurried");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url())
            .name(name)
            .disableAutoclean()
            .stepBudget(CHUNK, Duration.ofNanos(1000))
            .build()) {
      Set<String> all = new HashSet<>(push(queue, 1000));
      take(queue, 1000);
      queue.admin().rotate(Duration.ofMillis(1));
      awaitNoLock(keys);
      // A rotation step looks at the clock every 100 uids; one microsecond is up by then.
      AutocleanScript.Step step = queue.admin().rotationStep(Duration.ofMinutes(1));
      assertThat(step.moved()).isEqualTo(100);
      assertThat(step.state()).isEqualTo(AutocleanScript.State.MORE);
      assertThat(queue.admin().rotate(Duration.ofMinutes(1))).isEqualTo(900);
      assertEachInExactlyOnePlace(keys, all);

      List<String> uids = queue.popAvailable(300).stream().map(SafeRedisQueueItem::uid).toList();
      queue.failAll(uids, Duration.ZERO, "poison", 1);
      warmUp();
      long scripts = queueScripts();
      // Requeuing looks at the clock before each dead letter after the first.
      assertThat(queue.deadLetters().requeue(uids.subList(0, 100))).isEqualTo(100);
      assertThat(queueScripts() - scripts).isEqualTo(100);
      assertThat(queue.deadLetters().requeueAll()).isEqualTo(200);
      assertThat(queueScripts() - scripts).isEqualTo(300);
      assertEachInExactlyOnePlace(keys, all);
    }
  }

  @Test
  void aPopStopsTakingItemsOnceTheirPayloadsReachAMegabyte() {
    try (SafeRedisQueue queue = queue(QueueTestSupport.uniqueName("big-payloads"))) {
      byte[] payload = new byte[600 * 1024];
      queue.pushAll(List.of(payload, payload, payload));
      assertThat(queue.popAvailable(3)).hasSize(2);
      assertThat(queue.popAvailable(3)).hasSize(1);
    }
  }

  @Test
  void anAckThatTakesTheNextItemsStopsAtAMegabyteToo() {
    // The listener engine's ack-and-take script once took up to its whole batch of big payloads in
    // one script (16 of 1 MB held Redis up for as long as 16 pops), unlike the pop.
    try (SafeRedisQueue queue = queue(QueueTestSupport.uniqueName("big-payloads-ackpop"))) {
      byte[] payload = new byte[600 * 1024];
      queue.pushAll(List.of(payload, payload, payload, payload));
      List<SafeRedisQueueItem> first = queue.ackAndPopAvailable(List.of(), 4);
      assertThat(first).hasSize(2);
      List<SafeRedisQueueItem> next =
          queue.ackAndPopAvailable(first.stream().map(SafeRedisQueueItem::uid).toList(), 4);
      assertThat(next).hasSize(2);
      assertThat(queue.admin().sizes().inFlight()).isEqualTo(2);
    }
  }

  private SafeRedisQueue queue(String name) {
    return SafeRedisQueue.builder(redis.url())
        .name(name)
        .disableAutoclean()
        .stepBudget(CHUNK, Duration.ofMinutes(1))
        .build();
  }

  private static List<String> push(SafeRedisQueue queue, int count) {
    List<String> uids = new ArrayList<>();
    byte[] payload = "x".getBytes(StandardCharsets.UTF_8);
    while (uids.size() < count) {
      uids.addAll(queue.pushAll(Collections.nCopies(Math.min(1000, count - uids.size()), payload)));
    }
    return uids;
  }

  private static void take(SafeRedisQueue queue, int count) {
    for (int taken = 0; taken < count; ) {
      taken += queue.popAvailable(Math.min(1000, count - taken)).size();
    }
  }

  private static void awaitNoLock(SafeRedisQueueKeys keys) throws InterruptedException {
    while (inspector.exists(keys.backupLock())) {
      Thread.sleep(1);
    }
  }

  /** Reads the five places in one script and checks that each uid is in exactly one. */
  private static void assertEachInExactlyOnePlace(SafeRedisQueueKeys keys, Set<String> all) {
    List<?> places =
        inspector
            .template()
            .execute(
                (RedisCallback<List<?>>)
                    connection ->
                        connection
                            .scriptingCommands()
                            .eval(
                                PLACES,
                                ReturnType.MULTI,
                                5,
                                bytes(keys.queue()),
                                bytes(keys.ackbuf()),
                                bytes(keys.backup()),
                                bytes(keys.delayed()),
                                bytes(keys.dead())));
    List<String> seen = new ArrayList<>();
    for (Object place : places) {
      for (Object uid : (List<?>) place) {
        seen.add(new String((byte[]) uid, StandardCharsets.UTF_8));
      }
    }
    assertThat(seen).as("each uid in exactly one place").doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).as("no uid missing").isEqualTo(all);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

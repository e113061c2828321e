package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import io.saferedisqueue.testsupport.RedisCommandCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.core.script.RedisScript;

@ExtendWith(RedisTestExtension.class)
class PushAsyncIntegrationTests {

  private final RedisTestServer redis;

  private static RedisInspector inspector;

  PushAsyncIntegrationTests(RedisTestServer redis) {
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
  void asyncPushesFromOneThreadAreStoredInCallOrderWithTheirUids() throws Exception {
    try (SafeRedisQueue queue = QueueTestSupport.queue(redis, QueueTestSupport.uniqueName("a"))) {
      List<CompletableFuture<String>> futures = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        futures.add(queue.pushAsync("item-" + i));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertThat(queue.admin().sizes().waiting()).isEqualTo(5_000);

      List<SafeRedisQueueItem> popped = new ArrayList<>();
      List<SafeRedisQueueItem> batch;
      while (!(batch = queue.popAvailable(500)).isEmpty()) {
        popped.addAll(batch);
      }
      assertThat(popped).hasSize(5_000);
      for (int i = 0; i < popped.size(); i++) {
        assertThat(popped.get(i).uid()).isEqualTo(futures.get(i).get());
        assertThat(popped.get(i).payloadAsString()).isEqualTo("item-" + i);
      }
    }
  }

  @Test
  void syncAndAsyncPushesOfManyThreadsOnOneQueueAreEachStoredExactlyOnce() throws Exception {
    int threads = 8;
    int perThread = 3_000;
    try (SafeRedisQueue queue = QueueTestSupport.queue(redis, QueueTestSupport.uniqueName("m"))) {
      Map<String, String> pushed = new ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          boolean async = t % 2 == 0;
          int thread = t;
          producers.add(
              pool.submit(
                  () -> {
                    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                      String payload = "t" + thread + "-" + i;
                      if (async) {
                        inFlight.add(
                            queue.pushAsync(payload).thenAccept(uid -> pushed.put(uid, payload)));
                      } else {
                        pushed.put(queue.push(payload), payload);
                      }
                    }
                    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                    return null;
                  }));
        }
        for (Future<?> producer : producers) {
          producer.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(pushed).hasSize(threads * perThread);

      Map<String, String> popped = new HashMap<>();
      Map<Integer, Integer> nextIndexOfThread = new HashMap<>();
      List<SafeRedisQueueItem> batch;
      while (!(batch = queue.popAvailable(500)).isEmpty()) {
        for (SafeRedisQueueItem item : batch) {
          assertThat(popped.put(item.uid(), item.payloadAsString())).isNull();
          // Each thread's items arrive in the order that thread pushed them.
          String[] parts = item.payloadAsString().substring(1).split("-");
          int thread = Integer.parseInt(parts[0]);
          int index = Integer.parseInt(parts[1]);
          assertThat(index).isEqualTo(nextIndexOfThread.getOrDefault(thread, 0));
          nextIndexOfThread.put(thread, index + 1);
        }
      }
      assertThat(popped).isEqualTo(pushed);
    }
  }

  @Test
  void observedAsyncPushesWithoutTraceContextStillShareScriptsAndEachObservationStops()
      throws Exception {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger stopped = new AtomicInteger();
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler<Observation.Context>() {
              @Override
              public void onStart(Observation.Context context) {
                started.incrementAndGet();
              }

              @Override
              public void onStop(Observation.Context context) {
                stopped.incrementAndGet();
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
    try (LocalRedisServer server = LocalRedisServer.builder().build().start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder(server.url())
                .name("observed")
                .observationRegistry(registry)
                .build();
        RedisInspector serverInspector = RedisInspector.connect(server.url())) {
      queue.pushAsync("warm").get(10, TimeUnit.SECONDS);
      long scriptsBefore = RedisCommandCalls.scripts(serverInspector);
      // Keep Redis busy for a second, so the pushes below pile up behind the first one.
      CompletableFuture<Long> busy =
          CompletableFuture.supplyAsync(
              () ->
                  serverInspector
                      .template()
                      .execute(RedisScript.of(BUSY_ONE_SECOND, Long.class), List.of()));
      Thread.sleep(200);
      List<CompletableFuture<String>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(queue.pushAsync("observed-" + i));
      }
      for (CompletableFuture<String> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
      busy.get(30, TimeUnit.SECONDS);
      long scripts = RedisCommandCalls.scripts(serverInspector) - scriptsBefore;
      // The busy script and a few scripts for the 200 pushes (not 200).
      assertThat(scripts).isBetween(2L, 10L);
      assertThat(queue.admin().sizes().waiting()).isEqualTo(201);
      assertThat(started.get()).isEqualTo(201);
      assertThat(stopped.get()).isEqualTo(201);
    }
  }

  private static final String BUSY_ONE_SECOND =
      "local t = redis.call('TIME') local start = t[1] * 1000000 + t[2] "
          + "while true do local n = redis.call('TIME') "
          + "if n[1] * 1000000 + n[2] - start > 1000000 then return 1 end end";

  @Test
  void closeSendsTheAsyncPushesStillWaitingAndLaterCallsAreRefused() throws Exception {
    String name = QueueTestSupport.uniqueName("c");
    List<CompletableFuture<String>> futures = new ArrayList<>();
    SafeRedisQueue queue = QueueTestSupport.queue(redis, name);
    for (int i = 0; i < 2_000; i++) {
      futures.add(queue.pushAsync(("x" + i).getBytes(StandardCharsets.UTF_8)));
    }
    queue.close();
    Set<String> uids = new HashSet<>();
    for (CompletableFuture<String> future : futures) {
      assertThat(future).isDone();
      uids.add(future.get());
    }
    assertThat(uids).hasSize(2_000);
    assertThatThrownBy(() -> queue.pushAsync("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'" + name + "' is closed");

    try (SafeRedisQueue reader = QueueTestSupport.queue(redis, name)) {
      assertThat(reader.admin().sizes().waiting()).isEqualTo(2_000);
    }
  }

  @Test
  void asyncPushesRecordTheirPushTimeWhenTheQueueDoes() throws Exception {
    try (SafeRedisQueue queue =
        SafeRedisQueue.builder(redis.url())
            .name(QueueTestSupport.uniqueName("t"))
            .recordPushTime(true)
            .build()) {
      long before = System.currentTimeMillis();
      List<CompletableFuture<String>> futures = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        futures.add(queue.pushAsync("timed-" + i));
      }
      List<String> uids = new ArrayList<>();
      for (CompletableFuture<String> future : futures) {
        uids.add(future.get(10, TimeUnit.SECONDS));
      }
      long after = System.currentTimeMillis();
      for (String uid : uids) {
        byte[] stored = inspector.field(SafeRedisQueueKeys.forName(queue.name()).headers(), uid);
        assertThat(stored).as("headers of %s", uid).isNotNull();
        String line = new String(stored, StandardCharsets.UTF_8);
        assertThat(line).startsWith("t=");
        // Redis's clock and this one are the same machine's.
        assertThat(Long.parseLong(line.substring(2))).isBetween(before - 1_000, after + 1_000);
      }
    }
  }

  @Test
  void withRedisDownAProducerWaitsOnceMaxPendingPushesAreUnfinished() throws Exception {
    try (LocalRedisServer server = LocalRedisServer.builder().build().start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder(server.url())
                .name("bounded")
                .commandTimeout(Duration.ofSeconds(1))
                .maxPendingPushes(10)
                .build()) {
      queue.pushAsync("warm").get(10, TimeUnit.SECONDS);
      server.stop();
      List<CompletableFuture<String>> first = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        first.add(queue.pushAsync("first-" + i));
      }
      // The eleventh waits until one of the ten has finished (here: failed on the timeout).
      CompletableFuture<String> eleventh = queue.pushAsync("eleventh");
      assertThat(first).anyMatch(CompletableFuture::isDone);
      for (CompletableFuture<String> future : first) {
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(SafeRedisQueueException.class);
      }
      assertThatThrownBy(() -> eleventh.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SafeRedisQueueException.class);
    }
  }

  @Test
  void maxPendingPushesBelowOneIsRefused() {
    assertThatThrownBy(() -> SafeRedisQueue.builder(redis.url()).maxPendingPushes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPendingPushes must be >= 1, was 0");
  }

  @Test
  void closeWithRedisDownFailsTheAsyncPushesItCouldNotSendInsteadOfLeavingThemOpen()
      throws Exception {
    try (LocalRedisServer server = LocalRedisServer.builder().build().start()) {
      SafeRedisQueue queue =
          SafeRedisQueue.builder(server.url())
              .name("closing")
              .commandTimeout(Duration.ofSeconds(30))
              .build();
      queue.pushAsync("warm").get(10, TimeUnit.SECONDS);
      server.stop();
      List<CompletableFuture<String>> futures = new ArrayList<>();
      futures.add(queue.pushAsync("in-flight"));
      for (int i = 0; i < 4; i++) {
        futures.add(queue.pushAsync("stranded-" + i));
      }
      queue.close();
      // Every future is finished once close returns: none is left open. Which of them rode in the
      // script that was under way depends on how soon the sender thread took the first one
      // (PushCombinerTests pins that down); each fails with one of the three errors, never
      // "completed".
      for (CompletableFuture<String> future : futures) {
        assertThat(future).isCompletedExceptionally();
        assertThatThrownBy(future::get)
            .hasCauseInstanceOf(SafeRedisQueueException.class)
            .cause()
            .message()
            .containsAnyOf(
                "was closed before this push could be sent",
                "was closed while this push was being sent",
                "Command interrupted");
      }
    }
  }

  @Test
  void nullPayloadIsRefusedAtTheCall() {
    try (SafeRedisQueue queue = QueueTestSupport.queue(redis, QueueTestSupport.uniqueName("n"))) {
      assertThatThrownBy(() -> queue.pushAsync((byte[]) null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payload must not be null");
      assertThatThrownBy(() -> queue.pushAsync((String) null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payload must not be null");
    }
  }

  @Test
  void whenRedisIsDownTheFutureFailsNamingTheServerAndLaterPushesWorkAgain() throws Exception {
    try (LocalRedisServer server = LocalRedisServer.builder().build().start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder(server.url())
                .name("down")
                .commandTimeout(Duration.ofSeconds(2))
                .build()) {
      queue.pushAsync("before").get(10, TimeUnit.SECONDS);
      server.stop();

      CompletableFuture<String> lost = queue.pushAsync("while-down");
      assertThatThrownBy(() -> lost.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SafeRedisQueueException.class)
          .hasMessageContaining(server.url());

      server.start();
      String uid = queue.pushAsync("after").get(30, TimeUnit.SECONDS);
      SafeRedisQueueItem item = queue.pop(5).orElseThrow();
      assertThat(item.uid()).isEqualTo(uid);
      assertThat(item.payloadAsString()).isEqualTo("after");
    }
  }
}

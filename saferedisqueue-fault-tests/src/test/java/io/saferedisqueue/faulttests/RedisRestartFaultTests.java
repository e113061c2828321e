package io.saferedisqueue.faulttests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Fault 2: redis-server with an append-only file is stopped under load and started again. */
class RedisRestartFaultTests {

  @Test
  void everyPushThatReturnedAUidIsDeliveredAndTheListenerResumesWithoutARestart() throws Exception {
    try (LocalRedisServer redis = LocalRedisServer.builder().appendOnly().build().start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder(redis.url())
                .name("restart")
                .commandTimeout(Duration.ofSeconds(2))
                .build();
        RedisInspector inspector = RedisInspector.connect(redis.url());
        ConsumerProcess consumer =
            ConsumerProcess.start(
                "--spring.data.redis.port=" + redis.port(),
                "--spring.data.redis.timeout=2s",
                "--fault.queue=restart",
                "--fault.concurrency=2",
                "--saferedisqueue.autoclean-interval=2s")) {
      Set<String> confirmed = ConcurrentHashMap.newKeySet();
      AtomicInteger errors = new AtomicInteger();
      AtomicBoolean producing = new AtomicBoolean(true);
      Thread producer =
          new Thread(
              () -> {
                int i = 0;
                while (producing.get()) {
                  try {
                    confirmed.add(queue.push("item-" + i++));
                    Thread.sleep(2);
                  } catch (SafeRedisQueueConnectionException ex) {
                    errors.incrementAndGet();
                  } catch (RuntimeException ex) {
                    // Any other failure is an error the producer saw, never a silent loss.
                    errors.incrementAndGet();
                  } catch (InterruptedException ex) {
                    return;
                  }
                }
              });
      producer.start();
      String handledKey = "fault:restart:handled";
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> ConsumerCrashFaultTests.length(inspector, handledKey) >= 200);
      long pid = consumer.pid();

      redis.stop();
      Thread.sleep(2000);
      redis.start();

      await().atMost(Duration.ofSeconds(60)).until(() -> errors.get() > 0 && confirmed.size() > 0);
      int confirmedAtRestart = confirmed.size();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> confirmed.size() > confirmedAtRestart + 200);
      producing.set(false);
      producer.join(10_000);

      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () ->
                  assertThat(new HashSet<>(ConsumerCrashFaultTests.handled(inspector, handledKey)))
                      .containsAll(confirmed));
      List<String> handled = ConsumerCrashFaultTests.handled(inspector, handledKey);
      System.out.printf(
          "redis restart: %d pushes confirmed, %d push errors, %d handled, %d distinct%n",
          confirmed.size(), errors.get(), handled.size(), new HashSet<>(handled).size());
      assertThat(errors.get()).isPositive();
      assertThat(consumer.isAlive()).isTrue();
      assertThat(consumer.pid()).isEqualTo(pid);
    }
  }
}

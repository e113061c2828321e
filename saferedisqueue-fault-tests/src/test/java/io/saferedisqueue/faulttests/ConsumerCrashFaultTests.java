package io.saferedisqueue.faulttests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Fault 1: a consumer JVM is killed with SIGKILL while it has items in flight. */
class ConsumerCrashFaultTests {

  private static final int ITEMS = 1500;

  @Test
  void survivorsFinishEveryItemAndOnlyItemsInFlightAtTheKillRunTwice() throws Exception {
    try (LocalRedisServer redis = LocalRedisServer.startDefault();
        SafeRedisQueue queue = SafeRedisQueue.builder(redis.url()).name("crash").build();
        RedisInspector inspector = RedisInspector.connect(redis.url())) {
      List<byte[]> payloads = new ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        payloads.add(("job-" + i).getBytes(StandardCharsets.UTF_8));
      }
      Set<String> pushed = new HashSet<>(queue.pushAll(payloads));
      String[] args = {
        "--spring.data.redis.port=" + redis.port(),
        "--fault.queue=crash",
        "--fault.work-ms=5",
        "--fault.concurrency=4",
        "--saferedisqueue.autoclean-interval=1s"
      };
      try (ConsumerProcess victim = ConsumerProcess.start(args);
          ConsumerProcess survivor = ConsumerProcess.start(args)) {
        String handledKey = "fault:crash:handled";
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> length(inspector, handledKey) >= ITEMS / 4);
        victim.killHard();
        long inFlightAtKill = queue.admin().sizes().inFlight();

        await()
            .atMost(Duration.ofSeconds(120))
            .untilAsserted(
                () ->
                    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
        assertThat(survivor.isAlive()).isTrue();
        List<String> handled = handled(inspector, handledKey);
        Set<String> unique = new HashSet<>(handled);
        int duplicates = handled.size() - unique.size();
        System.out.printf(
            "consumer crash: %d items, %d handled, %d duplicates, %d in flight at the kill%n",
            ITEMS, handled.size(), duplicates, inFlightAtKill);
        assertThat(unique).isEqualTo(pushed);
        assertThat(duplicates).isLessThanOrEqualTo((int) inFlightAtKill);
        assertThat(inspector.hashSize(SafeRedisQueueKeys.forName("crash").items())).isZero();
      }
    }
  }

  /** The length of the list the consumer processes append the uids they handled to. */
  static long length(RedisInspector redis, String key) {
    return redis.listSize(key);
  }

  /** The uids the consumer processes handled, in the order they appended them. */
  static List<String> handled(RedisInspector redis, String key) {
    return redis.list(key);
  }
}

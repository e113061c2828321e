package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The listener engine's acks on a durable queue (primary with one real replica) go through {@code
 * WAIT} as well: with the replica frozen they are refused for durability (logged with the counts)
 * while they took effect on the primary, and once it thaws every item is handled and acked on the
 * replica too.
 */
class DurableListenerAcksIntegrationTests {

  private static PrimaryWithReplica redis;

  @BeforeAll
  static void start() {
    redis = new PrimaryWithReplica();
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void listenerAcksWaitForTheReplica() {
    String name = QueueTestSupport.uniqueName("durable-listener");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger("io.saferedisqueue");
    log.start();
    logger.addAppender(log);
    Set<String> handled = ConcurrentHashMap.newKeySet();
    try (SafeRedisQueue durable =
            SafeRedisQueue.builder(redis.connectionFactory)
                .name(name)
                .durableReplicas(1)
                .durableTimeout(Duration.ofMillis(200))
                .build();
        SafeRedisQueue producer =
            SafeRedisQueue.builder(redis.connectionFactory).name(name).build()) {
      SafeQueueListenerContainer container =
          new SafeQueueListenerContainer("durable-acks", durable, item -> handled.add(item.uid()));
      container.setPollTimeout(Duration.ofMillis(200));
      container.setRecoveryInterval(Duration.ofMillis(50), Duration.ofMillis(200));
      container.start();
      try {
        String first = producer.push("before the freeze");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(first));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> redis.onReplica.hashSize(keys.items()) == 0);

        redis.freezeReplica();
        List<String> frozen =
            producer.pushAll(
                List.of("a".getBytes(), "b".getBytes(), "c".getBytes())); // not durable
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.containsAll(frozen));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> messages(log).stream().anyMatch(m -> m.contains("only 0 of the 1")));
        // Refused for durability, yet done on the primary.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> redis.onPrimary.hashSize(keys.items()) == 0);

        redis.thawReplica();
        String after = producer.push("after the thaw");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(after));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> redis.onReplica.hashSize(keys.items()) == 0);
        assertThat(redis.onReplica.list(keys.ackbuf())).isEmpty();
      } finally {
        container.stop();
      }
    } finally {
      logger.detachAppender(log);
      redis.thawReplica();
    }
  }

  private static List<String> messages(ListAppender<ILoggingEvent> log) {
    return List.copyOf(log.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}

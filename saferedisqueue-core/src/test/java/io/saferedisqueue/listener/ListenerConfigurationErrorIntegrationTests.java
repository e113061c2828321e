package io.saferedisqueue.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import io.saferedisqueue.testsupport.RedisCommandCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A container whose queue meets a configuration error (here: another program's string where the
 * queue's list is) logs it at ERROR once, retries at its maximum recovery interval rather than
 * backing off from the start, keeps running, and consumes as soon as the key is cleared.
 */
@ExtendWith(RedisTestExtension.class)
class ListenerConfigurationErrorIntegrationTests {

  private final RedisTestServer redis;

  ListenerConfigurationErrorIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @Test
  void aWrongKeyTypeIsLoggedOnceAtErrorAndRetriedAtTheMaximumIntervalUntilFixed() throws Exception {
    String name = "config-error-" + UUID.randomUUID().toString().substring(0, 8);
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(RedisOutageMonitor.class);
    log.start();
    logger.addAppender(log);
    try (RedisInspector inspector = RedisInspector.connect(redis.url());
        SafeRedisQueue queue = SafeRedisQueue.builder(redis.url()).name(name).build()) {
      inspector.template().opsForValue().set(keys.queue(), bytes("someone else's"));
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      SafeQueueListenerContainer container =
          new SafeQueueListenerContainer(
              "config-error", queue, item -> received.add(item.payloadAsString()));
      container.setPollTimeout(Duration.ofMillis(200));
      container.setRecoveryInterval(Duration.ofMillis(10), Duration.ofMillis(400));
      long scriptsBefore = RedisCommandCalls.scripts(inspector);
      container.start();
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> count(log, Level.ERROR, "cannot consume queue '" + name + "'") == 1);
        Thread.sleep(1200);
        assertThat(count(log, Level.ERROR, "cannot consume")).isEqualTo(1);
        assertThat(count(log, Level.ERROR, "holds a string, the queue needs a list")).isEqualTo(1);
        assertThat(count(log, Level.WARN, "cannot use Redis")).isZero();
        // At 400 ms between attempts, a few pop scripts in about 1.4 s; starting at 10 ms and
        // doubling would have made several more.
        assertThat(RedisCommandCalls.scripts(inspector) - scriptsBefore)
            .as("attempts while the key is wrong")
            .isBetween(2L, 8L);
        assertThat(container.isRunning()).isTrue();

        inspector.delete(keys.queue());
        queue.push("after the fix");
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("after the fix");
      } finally {
        container.stop();
      }
    } finally {
      logger.detachAppender(log);
    }
  }

  private static long count(ListAppender<ILoggingEvent> log, Level level, String text) {
    List<ILoggingEvent> events = List.copyOf(log.list);
    return events.stream()
        .filter(event -> event.getLevel() == level)
        .filter(event -> event.getFormattedMessage().contains(text))
        .count();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

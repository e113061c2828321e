package io.saferedisqueue.listener;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import io.saferedisqueue.core.SafeRedisQueueDurabilityException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.FixedBackOff;

/** What a listener logs for each kind of failure: once per outage, in words that fit it. */
class RedisOutageMonitorTests {

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(RedisOutageMonitor.class);
  private final RedisOutageMonitor monitor =
      new RedisOutageMonitor("orders-listener", "{orders}", new FixedBackOff(100, 3));

  @BeforeEach
  void attach() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(log);
  }

  @Test
  void replicasThatDoNotConfirmAreNotCalledAnUnreachableRedis() {
    monitor.failed(
        new SafeRedisQueueDurabilityException(
            "Queue '{orders}': the ack of 3 item(s) took effect on the primary, but only 0 of the"
                + " 1 replica(s) acknowledged it within 200 ms",
            "ack",
            List.of("a", "b", "c"),
            0,
            1,
            Duration.ofMillis(200)));
    monitor.failed(
        new SafeRedisQueueDurabilityException(
            "again", "ack", List.of("d"), 0, 1, Duration.ofMillis(200)));

    assertThat(log.list).hasSize(1);
    ILoggingEvent event = log.list.get(0);
    assertThat(event.getLevel()).isEqualTo(Level.WARN);
    assertThat(event.getFormattedMessage())
        .contains("the replicas of queue '{orders}' do not confirm its writes in time")
        .contains("done on the primary")
        .contains("only 0 of the 1")
        .doesNotContain("cannot use Redis");
  }

  @Test
  void anUnreachableRedisIsOneWarningUntilItAnswersAgain() {
    monitor.failed(new SafeRedisQueueConnectionException("Connection refused", null));
    monitor.failed(new SafeRedisQueueConnectionException("Connection refused", null));
    monitor.answered();

    assertThat(log.list)
        .extracting(ILoggingEvent::getLevel)
        .containsExactly(Level.WARN, Level.INFO);
    assertThat(log.list.get(0).getFormattedMessage())
        .contains("'orders-listener' cannot use Redis for queue '{orders}'");
    assertThat(log.list.get(1).getFormattedMessage()).contains("reached Redis again");
  }
}

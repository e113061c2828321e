package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** Each bad property value fails start-up with a message naming the property and the value. */
class SafeRedisQueuePropertiesValidationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class, SafeRedisQueueAutoConfiguration.class));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          saferedisqueue.autoclean-interval=-5s              | saferedisqueue.autoclean-interval must be a positive duration such as 30s or 500ms, was -5s
          saferedisqueue.autoclean-interval=0                | saferedisqueue.autoclean-interval must be a positive duration such as 30s or 500ms, was 0s
          saferedisqueue.queues.orders.autoclean-interval=0s | saferedisqueue.queues.orders.autoclean-interval must be a positive duration such as 30s or 500ms, was 0s
          saferedisqueue.command-timeout=-1ms                | saferedisqueue.command-timeout must be a positive duration such as 30s or 500ms, was -1ms
          saferedisqueue.name=                               | saferedisqueue.name must be a non-blank queue name (the NAME of srq:NAME:*), was ''
          saferedisqueue.max-payload-size=0                  | saferedisqueue.max-payload-size must be between 1B and 512MB (Redis' largest value) such as 4MB, was 0B
          saferedisqueue.max-payload-size=1GB                | saferedisqueue.max-payload-size must be between 1B and 512MB (Redis' largest value) such as 4MB, was 1073741824B
          saferedisqueue.listener.concurrency=0              | saferedisqueue.listener.concurrency must be a number of workers of at least 1 such as 4, or a range min-max with 1 <= min <= max such as 2-16, was '0'
          saferedisqueue.listener.concurrency=16-2           | saferedisqueue.listener.concurrency must be a number of workers of at least 1 such as 4, or a range min-max with 1 <= min <= max such as 2-16, was '16-2'
          saferedisqueue.listener.concurrency=many           | saferedisqueue.listener.concurrency must be a number of workers of at least 1 such as 4, or a range min-max with 1 <= min <= max such as 2-16, was 'many'
          saferedisqueue.listener.batch-size=-3              | saferedisqueue.listener.batch-size must be at least 1 (items taken per round trip), was -3
          saferedisqueue.listener.consumer-batch-size=0      | saferedisqueue.listener.consumer-batch-size must be 1..10000 (items per call of a batch listener), was 0
          saferedisqueue.listener.consumer-batch-size=10001  | saferedisqueue.listener.consumer-batch-size must be 1..10000 (items per call of a batch listener), was 10001
          saferedisqueue.listener.poll-timeout=0ms           | saferedisqueue.listener.poll-timeout must be a positive duration such as 30s or 500ms, was 0s
          saferedisqueue.listener.shutdown-timeout=-1s       | saferedisqueue.listener.shutdown-timeout must be zero or a positive duration such as 10s, was -1s
          saferedisqueue.durable-replicas=-1                 | saferedisqueue.durable-replicas must be a number of replicas to wait for, at least 1, or 0 for off, was -1
          saferedisqueue.durable-timeout=0                   | saferedisqueue.durable-timeout must be between 1ms and 1h (WAIT's timeout) such as 1s or 250ms, was 0s
          saferedisqueue.durable-timeout=2h                  | saferedisqueue.durable-timeout must be between 1ms and 1h (WAIT's timeout) such as 1s or 250ms, was 7200s
          saferedisqueue.queues.orders.durable-replicas=-2   | saferedisqueue.queues.orders.durable-replicas must be a number of replicas to wait for, at least 1, or 0 for off, was -2
          saferedisqueue.queues.orders.durable-timeout=-1s   | saferedisqueue.queues.orders.durable-timeout must be between 1ms and 1h (WAIT's timeout) such as 1s or 250ms, was -1s
          saferedisqueue.listener.max-deliveries=-1          | saferedisqueue.listener.max-deliveries must be at least 1, or 0 for unlimited, was -1
          saferedisqueue.queues.orders.max-deliveries=-2     | saferedisqueue.queues.orders.max-deliveries must be at least 1, or 0 for unlimited, was -2
          saferedisqueue.listener.ack-batch-size=0           | saferedisqueue.listener.ack-batch-size must be 1..10000 (1 sends each ack on its own), was 0
          saferedisqueue.listener.ack-max-delay=5s           | saferedisqueue.listener.ack-max-delay must be between 1ms and 1s, was 5s
          saferedisqueue.listener.retry.initial-interval=-1s | saferedisqueue.listener.retry.initial-interval must be zero or a positive duration such as 1s, was -1s
          saferedisqueue.listener.retry.multiplier=0.5       | saferedisqueue.listener.retry.multiplier must be at least 1 (1 keeps the delay fixed), was 0.5
          saferedisqueue.url=http://localhost:6379           | saferedisqueue.url is not a valid Redis url: Invalid Redis url 'http://localhost:6379': unknown scheme 'http'
          saferedisqueue.url=redis://:secret@/0              | saferedisqueue.url is not a valid Redis url: Invalid Redis url 'redis://:***@/0'
          """)
  void badValueFailsStartupNamingPropertyAndValue(String property, String expected) {
    runner
        .withPropertyValues(property)
        .run(
            context -> {
              assertThat(context).hasFailed();
              BindValidationException cause =
                  findCause(context.getStartupFailure(), BindValidationException.class);
              assertThat(cause.getMessage()).contains(expected);
              FailureAnalysis analysis =
                  new SafeRedisQueuePropertiesFailureAnalyzer()
                      .analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .startsWith("Invalid saferedisqueue configuration:")
                  .contains(expected)
                  .doesNotContain("secret");
              assertThat(analysis.getAction()).contains("saferedisqueue.*");
            });
  }

  @Test
  void severalBadValuesAreAllReported() {
    runner
        .withPropertyValues(
            "saferedisqueue.autoclean-interval=-1s", "saferedisqueue.listener.concurrency=0")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new SafeRedisQueuePropertiesFailureAnalyzer()
                      .analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("saferedisqueue.autoclean-interval must be a positive duration")
                  .contains(
                      "saferedisqueue.listener.concurrency must be a number of workers of at least 1")
                  .contains("from \"saferedisqueue.autoclean-interval\" from property source");
            });
  }

  @Test
  void unknownPayloadFormatFailsBindingNamingPropertyAndValue() {
    runner
        .withPropertyValues("saferedisqueue.payload-format=xml")
        .run(
            context -> {
              assertThat(context).hasFailed();
              BindException cause = findCause(context.getStartupFailure(), BindException.class);
              assertThat(cause.getMessage()).contains("'saferedisqueue.payload-format'");
              assertThat(cause.getProperty().getValue()).isEqualTo("xml");
              assertThat(NestedExceptionUtils.getMostSpecificCause(cause).getMessage())
                  .contains("PayloadFormat.xml");
            });
  }

  @Test
  void unparsableDurationFailsBindingNamingPropertyAndValue() {
    runner
        .withPropertyValues("saferedisqueue.autoclean-interval=soon")
        .run(
            context -> {
              BindException cause = findCause(context.getStartupFailure(), BindException.class);
              assertThat(cause.getMessage()).contains("'saferedisqueue.autoclean-interval'");
              assertThat(cause.getProperty().getValue()).isEqualTo("soon");
            });
  }

  @Test
  void analyzerIgnoresOtherPrefixes() {
    assertThat(new SafeRedisQueuePropertiesFailureAnalyzer().analyze(new IllegalStateException()))
        .isNull();
  }

  private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
    Throwable current = failure;
    while (current != null) {
      if (type.isInstance(current)) {
        return type.cast(current);
      }
      current = current.getCause();
    }
    throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
  }
}

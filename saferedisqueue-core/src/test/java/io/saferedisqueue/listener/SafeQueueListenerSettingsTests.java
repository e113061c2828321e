package io.saferedisqueue.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.listener.api.RetryingErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/** The defaults and checks of listener settings, in one place; no Redis needed. */
class SafeQueueListenerSettingsTests {

  @Test
  void defaults() {
    SafeQueueListenerSettings settings = SafeQueueListenerSettings.defaults();
    assertThat(settings.concurrency()).isEqualTo(1);
    assertThat(settings.batchSize()).isEqualTo(16);
    // Unless set, the fetch batch grows with the workers: 16 each, at most 128.
    assertThat(SafeQueueListenerSettings.builder().concurrency(4).build().batchSize())
        .isEqualTo(64);
    assertThat(SafeQueueListenerSettings.builder().concurrency("2-6").build().batchSize())
        .isEqualTo(96);
    assertThat(SafeQueueListenerSettings.builder().concurrency(32).build().batchSize())
        .isEqualTo(128);
    assertThat(SafeQueueListenerSettings.builder().concurrency(32).batchSize(5).build().batchSize())
        .isEqualTo(5);
    assertThat(settings.consumerBatchSize()).isEqualTo(16);
    assertThat(settings.pollTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.autoStartup()).isTrue();
    assertThat(settings.errorHandler()).isNull();
    assertThat(settings.maxDeliveries()).isEqualTo(5);
    assertThat(delays(settings.retryBackOff(), 3)).containsExactly(0L, 0L, 0L);
    assertThat(settings.notRetryable()).isEmpty();
    assertThat(settings.ackBatchSize()).isEqualTo(64);
    assertThat(settings.ackMaxDelay()).isEqualTo(Duration.ofMillis(2));
    assertThat(settings.leaseRenewal()).isTrue();
    assertThat(settings.observationRegistry()).isSameAs(ObservationRegistry.NOOP);
    assertThat(settings.observationConvention()).isNull();
    assertThat(settings.effectiveErrorHandler())
        .isInstanceOfSatisfying(
            RetryingErrorHandler.class,
            retrying -> assertThat(retrying.getMaxDeliveries()).isEqualTo(5));
  }

  @Test
  void outagesAndAcksBackOffDoublingUpToTheirMaximum() {
    SafeQueueListenerSettings settings = SafeQueueListenerSettings.defaults();
    assertThat(delays(settings.recoveryBackOff(), 8))
        .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L);
    assertThat(delays(settings.ackBackOff(), 8))
        .containsExactly(50L, 100L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
    BackOff custom =
        SafeQueueListenerSettings.builder()
            .recoveryInterval(Duration.ofMillis(10), Duration.ofMillis(30))
            .build()
            .recoveryBackOff();
    assertThat(delays(custom, 4)).containsExactly(10L, 20L, 30L, 30L);
  }

  @Test
  void concurrencyIsANumberOrAMinMaxRange() {
    SafeQueueListenerSettings fixed = SafeQueueListenerSettings.builder().concurrency("4").build();
    assertThat(fixed.concurrency()).isEqualTo(4);
    assertThat(fixed.maxConcurrency()).isEqualTo(4);
    SafeQueueListenerSettings range =
        SafeQueueListenerSettings.builder().concurrency(" 2 - 16 ").build();
    assertThat(range.concurrency()).isEqualTo(2);
    assertThat(range.maxConcurrency()).isEqualTo(16);
    assertThat(range.toString()).contains("concurrency=2-16");
    assertThat(range.toBuilder().concurrency(3).build().maxConcurrency()).isEqualTo(3);
    assertThat(SafeQueueListenerSettings.defaults().workerIdleTimeout())
        .isEqualTo(Duration.ofSeconds(10));
    for (String bad : List.of("0", "16-2", "0-4", "a-b", "4-", "", "-3")) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> SafeQueueListenerSettings.builder().concurrency(bad))
          .withMessageContaining(
              "concurrency must be a whole number >= 1 such as \"4\", or a range")
          .withMessageContaining("was \"" + bad + "\"");
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SafeQueueListenerSettings.builder().concurrency(5, 2))
        .withMessage("maximum concurrency must be at least the minimum (5), was 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SafeQueueListenerSettings.builder().workerIdleTimeout(Duration.ZERO))
        .withMessage("workerIdleTimeout must be at least 1ms, was PT0S");
  }

  @Test
  void toBuilderKeepsEverythingElse() {
    SafeQueueErrorHandler handler = SafeQueueErrorHandler.discard();
    SafeQueueListenerSettings first =
        SafeQueueListenerSettings.builder()
            .concurrency(3)
            .errorHandler(handler)
            .notRetryable(List.of(IllegalStateException.class))
            .ackBatching(8, Duration.ofMillis(5))
            .build();
    SafeQueueListenerSettings second = first.toBuilder().batchSize(2).build();
    assertThat(second.batchSize()).isEqualTo(2);
    assertThat(second.concurrency()).isEqualTo(3);
    assertThat(second.effectiveErrorHandler()).isSameAs(handler);
    assertThat(second.notRetryable()).containsExactly(IllegalStateException.class);
    assertThat(second.ackBatchSize()).isEqualTo(8);
    assertThat(second.ackMaxDelay()).isEqualTo(Duration.ofMillis(5));
    // The first keeps its default: 16 per worker.
    assertThat(first.batchSize()).isEqualTo(48);
  }

  @Test
  void theConsumerBatchSizeIsCheckedAndCopied() {
    SafeQueueListenerSettings settings =
        SafeQueueListenerSettings.builder().consumerBatchSize(500).build();
    assertThat(settings.consumerBatchSize()).isEqualTo(500);
    assertThat(settings.toBuilder().batchSize(2).build().consumerBatchSize()).isEqualTo(500);
    SafeQueueListenerSettingsBuilder builder = SafeQueueListenerSettings.builder();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.consumerBatchSize(0))
        .withMessage("consumerBatchSize must be a whole number from 1 to 10000, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.consumerBatchSize(10_001))
        .withMessage("consumerBatchSize must be a whole number from 1 to 10000, was 10001");
    assertThat(builder.consumerBatchSize(10_000).build().consumerBatchSize()).isEqualTo(10_000);
  }

  @Test
  void badValuesNameTheValueAndWhatIsAllowed() {
    SafeQueueListenerSettingsBuilder builder = SafeQueueListenerSettings.builder();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.concurrency(0))
        .withMessage("concurrency must be a whole number >= 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.batchSize(0))
        .withMessage("batchSize must be a whole number >= 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.pollTimeout(Duration.ofNanos(1)))
        .withMessage("pollTimeout must be at least 1ms, was PT0.000000001S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.shutdownTimeout(Duration.ofSeconds(-1)))
        .withMessage("shutdownTimeout must be zero or positive, was PT-1S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.maxDeliveries(-1))
        .withMessage("maxDeliveries must be >= 1, or 0 for unlimited, was -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.ackBatching(10_001, Duration.ofMillis(2)))
        .withMessage("ack batch size must be 1..10000, was 10001");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.ackMaxDelay(Duration.ofSeconds(2)))
        .withMessage("ack max delay must be 1ms..1s, was PT2S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.recoveryInterval(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .withMessage("maximum recovery interval must be at least the initial one (PT2S), was PT1S");
    // A rejected value changes nothing.
    assertThat(builder.build().concurrency()).isEqualTo(1);
    assertThat(builder.build().ackBatchSize()).isEqualTo(64);
  }

  private static List<Long> delays(BackOff backOff, int count) {
    BackOffExecution execution = backOff.start();
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      delays.add(execution.nextBackOff());
    }
    return delays;
  }
}

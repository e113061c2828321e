package io.saferedisqueue.listener;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.listener.api.RetryingErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.observation.SafeQueueListenerObservationConvention;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;

/**
 * The settings of a {@link SafeQueueListenerContainer}: the one place that holds the defaults of
 * listener settings and checks their values. Immutable and thread-safe; {@link #builder()} starts
 * from the defaults, {@link #toBuilder()} from these settings.
 *
 * <p>Every builder method checks its value at once and throws {@link IllegalArgumentException}
 * naming the value and what is allowed. The {@code check...} methods apply the same checks to a
 * single value, for holders of overrides such as the container factory and the endpoints.
 *
 * <p>Three {@link BackOff}s decide how long to wait: {@link #retryBackOff()} before a failed item
 * is delivered again, {@link #recoveryBackOff()} before a consumer calls Redis again after a failed
 * call, and {@link #ackBackOff()} before a failed batch of acks is sent again.
 */
public final class SafeQueueListenerSettings {

  /** Consumer threads per container unless set otherwise. */
  public static final int DEFAULT_CONCURRENCY = 1;

  /**
   * Items the fetcher takes per round trip, per worker, unless a batch size is set: a container of
   * at most n workers takes up to {@code 16 * n} items in one round trip, no more than {@link
   * #DEFAULT_MAX_BATCH_SIZE}.
   */
  public static final int DEFAULT_BATCH_SIZE = 16;

  /** The most items per round trip that the default batch size reaches (at 8 workers). */
  public static final int DEFAULT_MAX_BATCH_SIZE = 128;

  /** Most items per call of a batch listener unless set otherwise. */
  public static final int DEFAULT_CONSUMER_BATCH_SIZE = 16;

  /** Longest blocking pop of an idle consumer unless set otherwise. */
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(1);

  /** Wait for running handlers on stop unless set otherwise. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  /** Whether the registry starts containers unless set otherwise. */
  public static final boolean DEFAULT_AUTO_STARTUP = true;

  /** Deliveries after which a failing item is dead-lettered unless set otherwise. */
  public static final int DEFAULT_MAX_DELIVERIES = 5;

  /** Most acks per batch unless set otherwise. */
  public static final int DEFAULT_ACK_BATCH_SIZE = 64;

  /** Longest wait of an ack for its batch unless set otherwise. */
  public static final Duration DEFAULT_ACK_MAX_DELAY = Duration.ofMillis(2);

  /** Whether running handlers' items are kept from autoclean unless set otherwise. */
  public static final boolean DEFAULT_LEASE_RENEWAL = true;

  private static final int MAX_ACK_BATCH_SIZE = 10_000;
  private static final int MAX_CONSUMER_BATCH_SIZE = 10_000;
  private static final Duration MAX_ACK_MAX_DELAY = Duration.ofSeconds(1);

  /** How long a worker above the minimum concurrency stays idle before it ends, unless set. */
  public static final Duration DEFAULT_WORKER_IDLE_TIMEOUT = Duration.ofSeconds(10);

  private static final SafeQueueListenerSettings DEFAULTS =
      new SafeQueueListenerSettingsBuilder().build();

  /** A private copy of the builder's values, never changed. */
  private final SafeQueueListenerSettingsBuilder values;

  SafeQueueListenerSettings(SafeQueueListenerSettingsBuilder builder) {
    this.values = new SafeQueueListenerSettingsBuilder(builder);
  }

  /** The defaults, as listed on each {@link SafeQueueListenerSettingsBuilder} method. */
  public static SafeQueueListenerSettings defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static SafeQueueListenerSettingsBuilder builder() {
    return new SafeQueueListenerSettingsBuilder();
  }

  /** A builder that starts from these settings. */
  public SafeQueueListenerSettingsBuilder toBuilder() {
    return new SafeQueueListenerSettingsBuilder(values);
  }

  // ---------------------------------------------------------------- values

  /**
   * Number of workers, each running one handler at a time; with a range ({@code "2-16"}) the
   * minimum, the workers that always run.
   */
  public int concurrency() {
    return values.concurrency;
  }

  /** Most workers: the same as {@link #concurrency()} unless a range was set. */
  public int maxConcurrency() {
    return values.maxConcurrency;
  }

  /** How long a worker above the minimum stays idle before it ends. */
  public Duration workerIdleTimeout() {
    return values.workerIdleTimeout;
  }

  /**
   * Most items the fetcher takes per round trip when items are waiting (and so the prefetch buffer
   * beyond the workers): the one set, else {@value #DEFAULT_BATCH_SIZE} per worker of {@link
   * #maxConcurrency()}, at most {@value #DEFAULT_MAX_BATCH_SIZE}.
   */
  public int batchSize() {
    return values.batchSize > 0
        ? values.batchSize
        : Math.min(DEFAULT_MAX_BATCH_SIZE, DEFAULT_BATCH_SIZE * values.maxConcurrency);
  }

  /**
   * Most items a batch listener receives per call (it gets those waiting, never waiting for more);
   * single-item listeners ignore it.
   */
  public int consumerBatchSize() {
    return values.consumerBatchSize;
  }

  /** How long an idle consumer blocks in Redis per blocking pop. */
  public Duration pollTimeout() {
    return values.pollTimeout;
  }

  /** How long stopping waits for running handlers. */
  public Duration shutdownTimeout() {
    return values.shutdownTimeout;
  }

  /** Whether a {@link SafeQueueListenerEndpointRegistry} starts the container. */
  public boolean autoStartup() {
    return values.autoStartup;
  }

  /** The error handler set, or {@code null} for the default handling. */
  public @Nullable SafeQueueErrorHandler errorHandler() {
    return values.errorHandler;
  }

  /**
   * The error handler that applies: the one set, else a {@link RetryingErrorHandler} built from
   * {@link #maxDeliveries()}, {@link #retryBackOff()} and {@link #notRetryable()}.
   */
  public SafeQueueErrorHandler effectiveErrorHandler() {
    SafeQueueErrorHandler own = values.errorHandler;
    return own != null
        ? own
        : new RetryingErrorHandler(values.maxDeliveries, values.retryBackOff, values.notRetryable);
  }

  /** Deliveries after which a failing item is dead-lettered (0: never). */
  public int maxDeliveries() {
    return values.maxDeliveries;
  }

  /** Delay before each redelivery of a failed item, for the default handling. */
  public BackOff retryBackOff() {
    return values.retryBackOff;
  }

  /** Exception types that dead-letter an item at once, for the default handling. */
  public List<Class<? extends Throwable>> notRetryable() {
    return values.notRetryable;
  }

  /** Most acks per batch; 1 sends each ack on its own. */
  public int ackBatchSize() {
    return values.ackBatchSize;
  }

  /** Longest time an ack waits for its batch. */
  public Duration ackMaxDelay() {
    return values.ackMaxDelay;
  }

  /** Delay before a batch of acks that Redis did not take is sent again. */
  public BackOff ackBackOff() {
    return values.ackBackOff;
  }

  /** Whether running handlers' items are kept from autoclean's requeue. */
  public boolean leaseRenewal() {
    return values.leaseRenewal;
  }

  /** Delay before a consumer calls Redis again after a failed call. */
  public BackOff recoveryBackOff() {
    return values.recoveryBackOff;
  }

  /** Whether workers run on virtual threads when the JVM has them (Java 21+). */
  public boolean virtualThreads() {
    return values.virtualThreads;
  }

  /** Executor that runs the workers, or {@code null} for threads of the container's own. */
  public @Nullable Executor taskExecutor() {
    return values.taskExecutor;
  }

  /** Registry of the listener observations. */
  public ObservationRegistry observationRegistry() {
    return values.observationRegistry;
  }

  /** Convention of the listener observations, or {@code null} for the default one. */
  public @Nullable SafeQueueListenerObservationConvention observationConvention() {
    return values.observationConvention;
  }

  @Override
  public String toString() {
    String concurrency =
        values.concurrency == values.maxConcurrency
            ? Integer.toString(values.concurrency)
            : values.concurrency + "-" + values.maxConcurrency;
    return "SafeQueueListenerSettings[concurrency=%s, batchSize=%d, pollTimeout=%s, maxDeliveries=%d]"
        .formatted(concurrency, batchSize(), values.pollTimeout, values.maxDeliveries);
  }

  // ---------------------------------------------------------------- checks

  /**
   * Checks a number of consumer threads: at least 1. Returns it, or throws IllegalArgumentException
   * naming it when it is below 1.
   */
  public static int checkConcurrency(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "concurrency must be a whole number >= 1, was " + concurrency);
    }
    return concurrency;
  }

  /**
   * Parses a concurrency: a whole number {@code "n"} (that many workers) or a range {@code
   * "min-max"} (between min and max workers, growing with the backlog), with {@code 1 <= min <=
   * max}. Returns {min, max}.
   *
   * @throws IllegalArgumentException naming the value when it is neither
   */
  public static int[] parseConcurrency(@Nullable String concurrency) {
    String value = concurrency == null ? "" : concurrency.trim();
    int dash = value.indexOf('-');
    try {
      int min = Integer.parseInt((dash < 0 ? value : value.substring(0, dash)).trim());
      int max = dash < 0 ? min : Integer.parseInt(value.substring(dash + 1).trim());
      checkConcurrency(min, max);
      return new int[] {min, max};
    } catch (IllegalArgumentException ex) {
      // Not numbers (NumberFormatException) or out of range: reported below.
    }
    throw new IllegalArgumentException(
        "concurrency must be a whole number >= 1 such as \"4\", or a range \"min-max\" with 1 <="
            + " min <= max such as \"2-16\", was "
            + (concurrency == null ? "null" : "\"" + concurrency + "\""));
  }

  /**
   * Checks a range of workers: {@code 1 <= min <= max}.
   *
   * @throws IllegalArgumentException naming the values when they are out of range
   */
  public static void checkConcurrency(int min, int max) {
    checkConcurrency(min);
    if (max < min) {
      throw new IllegalArgumentException(
          "maximum concurrency must be at least the minimum (" + min + "), was " + max);
    }
  }

  /**
   * Checks a number of items per round trip: at least 1. Returns it, or throws
   * IllegalArgumentException naming it when it is below 1.
   */
  public static int checkBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be a whole number >= 1, was " + batchSize);
    }
    return batchSize;
  }

  /**
   * Checks a number of items per call of a batch listener: 1 to 10,000. Returns it, or throws
   * IllegalArgumentException naming it when it is out of range.
   */
  public static int checkConsumerBatchSize(int consumerBatchSize) {
    if (consumerBatchSize < 1 || consumerBatchSize > MAX_CONSUMER_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "consumerBatchSize must be a whole number from 1 to 10000, was " + consumerBatchSize);
    }
    return consumerBatchSize;
  }

  /**
   * Checks a blocking pop time: at least 1 ms. Returns it, or throws IllegalArgumentException
   * naming it when it is null or below 1 ms.
   */
  public static Duration checkPollTimeout(@Nullable Duration pollTimeout) {
    if (pollTimeout == null || pollTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("pollTimeout must be at least 1ms, was " + pollTimeout);
    }
    return pollTimeout;
  }

  /**
   * Checks a wait for running handlers: zero or positive. Returns it, or throws
   * IllegalArgumentException naming it when it is null or negative.
   */
  public static Duration checkShutdownTimeout(@Nullable Duration shutdownTimeout) {
    if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "shutdownTimeout must be zero or positive, was " + shutdownTimeout);
    }
    return shutdownTimeout;
  }

  /**
   * Checks a maximum number of deliveries: at least 1, or 0 for unlimited. Returns it, or throws
   * IllegalArgumentException naming it when it is negative.
   */
  public static int checkMaxDeliveries(int maxDeliveries) {
    if (maxDeliveries < 0) {
      throw new IllegalArgumentException(
          "maxDeliveries must be >= 1, or 0 for unlimited, was " + maxDeliveries);
    }
    return maxDeliveries;
  }

  /**
   * Checks a number of acks per batch: 1 to 10,000. Returns it, or throws IllegalArgumentException
   * naming it when it is out of range.
   */
  public static int checkAckBatchSize(int ackBatchSize) {
    if (ackBatchSize < 1 || ackBatchSize > MAX_ACK_BATCH_SIZE) {
      throw new IllegalArgumentException("ack batch size must be 1..10000, was " + ackBatchSize);
    }
    return ackBatchSize;
  }

  /**
   * Checks the longest wait of an ack for its batch: 1 ms to 1 s. Returns it, or throws
   * IllegalArgumentException naming it when it is null or out of range.
   */
  public static Duration checkAckMaxDelay(@Nullable Duration ackMaxDelay) {
    if (ackMaxDelay == null
        || ackMaxDelay.toMillis() < 1
        || ackMaxDelay.compareTo(MAX_ACK_MAX_DELAY) > 0) {
      throw new IllegalArgumentException("ack max delay must be 1ms..1s, was " + ackMaxDelay);
    }
    return ackMaxDelay;
  }

  /**
   * Checks a doubling back-off after failed Redis calls: initial at least 1 ms, maximum at least
   * the initial one.
   *
   * @throws IllegalArgumentException naming the value that is null or out of range
   */
  public static void checkRecoveryInterval(@Nullable Duration initial, @Nullable Duration max) {
    if (initial == null || initial.toMillis() < 1) {
      throw new IllegalArgumentException("recovery interval must be at least 1ms, was " + initial);
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "maximum recovery interval must be at least the initial one ("
              + initial
              + "), was "
              + max);
    }
  }
}

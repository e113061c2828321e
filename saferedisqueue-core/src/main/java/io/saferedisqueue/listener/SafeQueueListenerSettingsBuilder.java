package io.saferedisqueue.listener;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.listener.api.RetryingErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.observation.SafeQueueListenerObservationConvention;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Builds {@link SafeQueueListenerSettings}, starting from {@link
 * SafeQueueListenerSettings#builder() the defaults} or {@link SafeQueueListenerSettings#toBuilder()
 * given settings}. Each method checks its value at once and throws {@link IllegalArgumentException}
 * naming the value and what is allowed. Not thread-safe; the settings it builds are immutable.
 */
public final class SafeQueueListenerSettingsBuilder {

  private static final Duration DEFAULT_RECOVERY_INITIAL = Duration.ofMillis(100);
  private static final Duration DEFAULT_RECOVERY_MAX = Duration.ofSeconds(5);
  private static final Duration DEFAULT_ACK_RETRY_INITIAL = Duration.ofMillis(50);
  private static final Duration DEFAULT_ACK_RETRY_MAX = Duration.ofSeconds(2);

  // Package-private: SafeQueueListenerSettings keeps a private copy and reads it directly.
  int concurrency = SafeQueueListenerSettings.DEFAULT_CONCURRENCY;
  int maxConcurrency = SafeQueueListenerSettings.DEFAULT_CONCURRENCY;
  Duration workerIdleTimeout = SafeQueueListenerSettings.DEFAULT_WORKER_IDLE_TIMEOUT;

  /** 0: {@value SafeQueueListenerSettings#DEFAULT_BATCH_SIZE} per worker, see the settings. */
  int batchSize;

  int consumerBatchSize = SafeQueueListenerSettings.DEFAULT_CONSUMER_BATCH_SIZE;
  Duration pollTimeout = SafeQueueListenerSettings.DEFAULT_POLL_TIMEOUT;
  Duration shutdownTimeout = SafeQueueListenerSettings.DEFAULT_SHUTDOWN_TIMEOUT;
  boolean autoStartup = SafeQueueListenerSettings.DEFAULT_AUTO_STARTUP;
  @Nullable SafeQueueErrorHandler errorHandler;
  int maxDeliveries = SafeQueueListenerSettings.DEFAULT_MAX_DELIVERIES;
  BackOff retryBackOff = new FixedBackOff(0, FixedBackOff.UNLIMITED_ATTEMPTS);
  List<Class<? extends Throwable>> notRetryable = List.of();
  int ackBatchSize = SafeQueueListenerSettings.DEFAULT_ACK_BATCH_SIZE;
  Duration ackMaxDelay = SafeQueueListenerSettings.DEFAULT_ACK_MAX_DELAY;
  BackOff ackBackOff = doubling(DEFAULT_ACK_RETRY_INITIAL, DEFAULT_ACK_RETRY_MAX);
  boolean leaseRenewal = SafeQueueListenerSettings.DEFAULT_LEASE_RENEWAL;
  BackOff recoveryBackOff = doubling(DEFAULT_RECOVERY_INITIAL, DEFAULT_RECOVERY_MAX);
  ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
  @Nullable SafeQueueListenerObservationConvention observationConvention;
  boolean virtualThreads;
  @Nullable Executor taskExecutor;

  SafeQueueListenerSettingsBuilder() {}

  SafeQueueListenerSettingsBuilder(SafeQueueListenerSettingsBuilder from) {
    this.concurrency = from.concurrency;
    this.maxConcurrency = from.maxConcurrency;
    this.workerIdleTimeout = from.workerIdleTimeout;
    this.batchSize = from.batchSize;
    this.consumerBatchSize = from.consumerBatchSize;
    this.pollTimeout = from.pollTimeout;
    this.shutdownTimeout = from.shutdownTimeout;
    this.autoStartup = from.autoStartup;
    this.errorHandler = from.errorHandler;
    this.maxDeliveries = from.maxDeliveries;
    this.retryBackOff = from.retryBackOff;
    this.notRetryable = from.notRetryable;
    this.ackBatchSize = from.ackBatchSize;
    this.ackMaxDelay = from.ackMaxDelay;
    this.ackBackOff = from.ackBackOff;
    this.leaseRenewal = from.leaseRenewal;
    this.recoveryBackOff = from.recoveryBackOff;
    this.observationRegistry = from.observationRegistry;
    this.observationConvention = from.observationConvention;
    this.virtualThreads = from.virtualThreads;
    this.taskExecutor = from.taskExecutor;
  }

  /**
   * Number of workers, each running one handler at a time (default 1).
   *
   * @throws IllegalArgumentException when below 1
   */
  public SafeQueueListenerSettingsBuilder concurrency(int concurrency) {
    this.concurrency = SafeQueueListenerSettings.checkConcurrency(concurrency);
    this.maxConcurrency = concurrency;
    return this;
  }

  /**
   * Between {@code min} and {@code max} workers, as Spring AMQP's "min-max" concurrency: {@code
   * min} always run; when items wait and no worker is free another starts, up to {@code max}; a
   * worker above {@code min} ends after the {@link #workerIdleTimeout idle timeout}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= min <= max}
   */
  public SafeQueueListenerSettingsBuilder concurrency(int min, int max) {
    SafeQueueListenerSettings.checkConcurrency(min, max);
    this.concurrency = min;
    this.maxConcurrency = max;
    return this;
  }

  /**
   * A concurrency as {@code "n"} or {@code "min-max"}; see {@link #concurrency(int, int)}.
   *
   * @throws IllegalArgumentException when it is neither (see {@link
   *     SafeQueueListenerSettings#parseConcurrency})
   */
  public SafeQueueListenerSettingsBuilder concurrency(String concurrency) {
    int[] range = SafeQueueListenerSettings.parseConcurrency(concurrency);
    return concurrency(range[0], range[1]);
  }

  /**
   * How long a worker above the minimum concurrency stays idle before it ends (default 10 s).
   *
   * @throws IllegalArgumentException when below 1 ms
   */
  public SafeQueueListenerSettingsBuilder workerIdleTimeout(Duration workerIdleTimeout) {
    if (workerIdleTimeout == null || workerIdleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "workerIdleTimeout must be at least 1ms, was " + workerIdleTimeout);
    }
    this.workerIdleTimeout = workerIdleTimeout;
    return this;
  }

  /**
   * Most items the container's fetcher takes per round trip when items are waiting, and so how many
   * it may hold beyond its running workers (default: 16 per worker of the maximum concurrency, at
   * most 128, about what a consumer thread per worker that took 16 at a time held). Items held are
   * not available to other instances, so with few, slow items a smaller batch spreads them better
   * over the instances; 1 takes one item at a time.
   *
   * @throws IllegalArgumentException when below 1
   */
  public SafeQueueListenerSettingsBuilder batchSize(int batchSize) {
    this.batchSize = SafeQueueListenerSettings.checkBatchSize(batchSize);
    return this;
  }

  /**
   * Most items a batch listener ({@link io.saferedisqueue.listener.api.SafeQueueBatchListener})
   * receives per call (default 16). A worker that becomes free takes the items waiting in the
   * container, up to this many, and never waits for more to fill its batch, so a batch holds
   * between 1 and this many items. The fetcher takes up to the larger of this and the {@link
   * #batchSize fetch batch size} per round trip for a batch listener. Single-item listeners ignore
   * it.
   *
   * @throws IllegalArgumentException when not 1..10000
   */
  public SafeQueueListenerSettingsBuilder consumerBatchSize(int consumerBatchSize) {
    this.consumerBatchSize = SafeQueueListenerSettings.checkConsumerBatchSize(consumerBatchSize);
    return this;
  }

  /**
   * How long an idle consumer blocks in Redis per blocking pop (default 1 s); it also bounds how
   * long a stop or pause takes to be noticed by an idle consumer. Keep it well below the Redis
   * client's command timeout, which would otherwise cut the blocking pop short.
   *
   * @throws IllegalArgumentException when below 1 ms
   */
  public SafeQueueListenerSettingsBuilder pollTimeout(Duration pollTimeout) {
    this.pollTimeout = SafeQueueListenerSettings.checkPollTimeout(pollTimeout);
    return this;
  }

  /**
   * How long stopping waits for running handlers (default 10 s); zero waits for none. Handlers
   * still running afterwards keep their items in flight for autoclean.
   *
   * @throws IllegalArgumentException when negative
   */
  public SafeQueueListenerSettingsBuilder shutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = SafeQueueListenerSettings.checkShutdownTimeout(shutdownTimeout);
    return this;
  }

  /** Whether a {@link SafeQueueListenerEndpointRegistry} starts the container (default true). */
  public SafeQueueListenerSettingsBuilder autoStartup(boolean autoStartup) {
    this.autoStartup = autoStartup;
    return this;
  }

  /**
   * What happens to items whose listener failed; {@code null} (the default) for a {@link
   * RetryingErrorHandler}: retry with the {@link #retryBackOff retry back-off} up to the {@link
   * #maxDeliveries maximum deliveries}, then dead-letter; dead-letter unconvertible payloads and
   * {@link #notRetryable not-retryable} errors at once.
   */
  public SafeQueueListenerSettingsBuilder errorHandler(
      @Nullable SafeQueueErrorHandler errorHandler) {
    this.errorHandler = errorHandler;
    return this;
  }

  /**
   * Deliveries after which a failing item is dead-lettered, 0 for never (default 5). Used by the
   * default error handling, and to dead-letter items whose consumers kept dying.
   *
   * @throws IllegalArgumentException when negative
   */
  public SafeQueueListenerSettingsBuilder maxDeliveries(int maxDeliveries) {
    this.maxDeliveries = SafeQueueListenerSettings.checkMaxDeliveries(maxDeliveries);
    return this;
  }

  /**
   * Delay before each redelivery of a failed item, for the default error handling (default none: at
   * once), for example an {@link ExponentialBackOff} with a maximum and jitter. A back-off that
   * stops dead-letters the item.
   */
  public SafeQueueListenerSettingsBuilder retryBackOff(BackOff retryBackOff) {
    this.retryBackOff = Objects.requireNonNull(retryBackOff, "retryBackOff");
    return this;
  }

  /** Exception types that dead-letter an item at once in the default handling (default none). */
  public SafeQueueListenerSettingsBuilder notRetryable(
      List<Class<? extends Throwable>> notRetryable) {
    this.notRetryable = List.copyOf(notRetryable);
    return this;
  }

  /**
   * Most acks per batch (default 64; 1 sends each ack on its own) and the longest an ack waits for
   * its batch (default 2 ms).
   *
   * @throws IllegalArgumentException when the size is not 1..10000 or the delay not 1ms..1s
   */
  public SafeQueueListenerSettingsBuilder ackBatching(int maxBatch, Duration maxDelay) {
    int checkedBatch = SafeQueueListenerSettings.checkAckBatchSize(maxBatch);
    this.ackMaxDelay = SafeQueueListenerSettings.checkAckMaxDelay(maxDelay);
    this.ackBatchSize = checkedBatch;
    return this;
  }

  /**
   * Most acks per batch (default 64; 1 sends each ack on its own).
   *
   * @throws IllegalArgumentException when not 1..10000
   */
  public SafeQueueListenerSettingsBuilder ackBatchSize(int maxBatch) {
    this.ackBatchSize = SafeQueueListenerSettings.checkAckBatchSize(maxBatch);
    return this;
  }

  /**
   * Longest time an ack waits for its batch (default 2 ms).
   *
   * @throws IllegalArgumentException when not 1ms..1s
   */
  public SafeQueueListenerSettingsBuilder ackMaxDelay(Duration maxDelay) {
    this.ackMaxDelay = SafeQueueListenerSettings.checkAckMaxDelay(maxDelay);
    return this;
  }

  /**
   * Delay before a batch of acks that Redis did not take is sent again (default 50 ms, doubling up
   * to 2 s, never stopping). A back-off that stops leaves that batch's items in flight, and
   * autoclean delivers them again.
   */
  public SafeQueueListenerSettingsBuilder ackBackOff(BackOff ackBackOff) {
    this.ackBackOff = Objects.requireNonNull(ackBackOff, "ackBackOff");
    return this;
  }

  /** Whether running handlers' items are kept from autoclean's requeue (default true). */
  public SafeQueueListenerSettingsBuilder leaseRenewal(boolean leaseRenewal) {
    this.leaseRenewal = leaseRenewal;
    return this;
  }

  /**
   * Back-off after a failed Redis call: {@code initial} after the first failure, doubling up to
   * {@code max} while Redis stays unreachable (default 100 ms to 5 s).
   *
   * @throws IllegalArgumentException when {@code initial} is below 1 ms or {@code max} is below
   *     {@code initial}
   */
  public SafeQueueListenerSettingsBuilder recoveryInterval(Duration initial, Duration max) {
    SafeQueueListenerSettings.checkRecoveryInterval(initial, max);
    this.recoveryBackOff = doubling(initial, max);
    return this;
  }

  /**
   * Back-off after a failed Redis call, started afresh once Redis answers again (default 100 ms,
   * doubling up to 5 s). Consumers never give up on Redis: when the back-off stops, they keep
   * waiting its last delay between attempts.
   */
  public SafeQueueListenerSettingsBuilder recoveryBackOff(BackOff recoveryBackOff) {
    this.recoveryBackOff = Objects.requireNonNull(recoveryBackOff, "recoveryBackOff");
    return this;
  }

  /**
   * Registry of the listener observations (default {@link ObservationRegistry#NOOP}: none, at no
   * cost). Items' trace context is read from the queue's headers hash only when a handler (a
   * tracing one) asks for it, in one round trip per fetched batch.
   */
  public SafeQueueListenerSettingsBuilder observationRegistry(
      ObservationRegistry observationRegistry) {
    this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
    return this;
  }

  /** Convention of the listener observations; {@code null} (default) for the default one. */
  public SafeQueueListenerSettingsBuilder observationConvention(
      @Nullable SafeQueueListenerObservationConvention observationConvention) {
    this.observationConvention = observationConvention;
    return this;
  }

  /**
   * Whether workers run on virtual threads (default false). Takes effect on Java 21 and later; on
   * older JVMs the container logs it and uses platform threads. A {@link #taskExecutor task
   * executor} takes precedence.
   */
  public SafeQueueListenerSettingsBuilder virtualThreads(boolean virtualThreads) {
    this.virtualThreads = virtualThreads;
    return this;
  }

  /**
   * Executor that runs the workers (default {@code null}: the container starts its own threads,
   * virtual or platform). Each worker is one long-running task that runs handlers one after the
   * other, so the executor must be able to run the maximum concurrency of tasks at once; a smaller
   * pool just runs fewer handlers at a time.
   */
  public SafeQueueListenerSettingsBuilder taskExecutor(@Nullable Executor taskExecutor) {
    this.taskExecutor = taskExecutor;
    return this;
  }

  /** The settings; the builder may be used further without changing them. */
  public SafeQueueListenerSettings build() {
    return new SafeQueueListenerSettings(this);
  }

  /** A back-off that starts at {@code initial} and doubles up to {@code max}, never stopping. */
  private static BackOff doubling(Duration initial, Duration max) {
    ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
    backOff.setMaxInterval(max.toMillis());
    return backOff;
  }
}

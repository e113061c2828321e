package io.saferedisqueue.listener;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.observation.SafeQueueListenerObservationConvention;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;

/**
 * The settings side of a {@link SafeQueueListenerContainer}, as Spring AMQP's {@code
 * AbstractMessageListenerContainer} holds its container's settings: a {@link
 * SafeQueueListenerSettings} that each setter replaces with a changed copy. Settings may be changed
 * while the container is stopped; they apply from its next start. Thread-safe.
 */
public abstract class AbstractSafeQueueListenerContainer {

  private volatile SafeQueueListenerSettings settings;

  /** Starts from these settings. */
  protected AbstractSafeQueueListenerContainer(SafeQueueListenerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The settings of the next {@link SafeQueueListenerContainer#start()} (and of the current run,
   * unless changed since).
   */
  public final SafeQueueListenerSettings getSettings() {
    return settings;
  }

  /** Replaces all settings; they apply from the next {@link SafeQueueListenerContainer#start()}. */
  public final synchronized void setSettings(SafeQueueListenerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Changes some settings; they apply from the next start. */
  protected final synchronized void update(UnaryOperator<SafeQueueListenerSettingsBuilder> change) {
    settings = change.apply(settings.toBuilder()).build();
  }

  /**
   * See {@link SafeQueueListenerSettingsBuilder#concurrency}.
   *
   * @throws IllegalArgumentException when below 1
   */
  public void setConcurrency(int concurrency) {
    update(builder -> builder.concurrency(concurrency));
  }

  /**
   * A concurrency as {@code "n"} or {@code "min-max"}; see {@link
   * SafeQueueListenerSettingsBuilder#concurrency(int, int)}.
   *
   * @throws IllegalArgumentException when it is neither
   */
  public void setConcurrency(String concurrency) {
    update(builder -> builder.concurrency(concurrency));
  }

  /**
   * See {@link SafeQueueListenerSettingsBuilder#workerIdleTimeout}.
   *
   * @throws IllegalArgumentException when below 1 ms
   */
  public void setWorkerIdleTimeout(Duration workerIdleTimeout) {
    update(builder -> builder.workerIdleTimeout(workerIdleTimeout));
  }

  /**
   * See {@link SafeQueueListenerSettingsBuilder#batchSize}.
   *
   * @throws IllegalArgumentException when below 1
   */
  public void setBatchSize(int batchSize) {
    update(builder -> builder.batchSize(batchSize));
  }

  /**
   * See {@link SafeQueueListenerSettingsBuilder#pollTimeout}.
   *
   * @throws IllegalArgumentException when below 1 ms
   */
  public void setPollTimeout(Duration pollTimeout) {
    update(builder -> builder.pollTimeout(pollTimeout));
  }

  /**
   * How long {@link SafeQueueListenerContainer#stop()} waits for running handlers; see {@link
   * SafeQueueListenerSettingsBuilder#shutdownTimeout}.
   *
   * @throws IllegalArgumentException when negative
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    update(builder -> builder.shutdownTimeout(shutdownTimeout));
  }

  /**
   * See {@link SafeQueueListenerSettingsBuilder#recoveryInterval}.
   *
   * @throws IllegalArgumentException when {@code initial} is below 1 ms or {@code max} is below
   *     {@code initial}
   */
  public void setRecoveryInterval(Duration initial, Duration max) {
    update(builder -> builder.recoveryInterval(initial, max));
  }

  /** See {@link SafeQueueListenerSettingsBuilder#errorHandler}. */
  public void setErrorHandler(@Nullable SafeQueueErrorHandler errorHandler) {
    update(builder -> builder.errorHandler(errorHandler));
  }

  /**
   * See {@link SafeQueueListenerSettingsBuilder#maxDeliveries}.
   *
   * @throws IllegalArgumentException when negative
   */
  public void setMaxDeliveries(int maxDeliveries) {
    update(builder -> builder.maxDeliveries(maxDeliveries));
  }

  /**
   * Delay before each redelivery of a failed item in the default handling; see {@link
   * SafeQueueListenerSettingsBuilder#retryBackOff}.
   */
  public void setBackOff(BackOff backOff) {
    update(builder -> builder.retryBackOff(backOff));
  }

  /** See {@link SafeQueueListenerSettingsBuilder#notRetryable}. */
  public void setNotRetryable(List<Class<? extends Throwable>> notRetryable) {
    update(builder -> builder.notRetryable(notRetryable));
  }

  /**
   * See {@link SafeQueueListenerSettingsBuilder#ackBatching}.
   *
   * @throws IllegalArgumentException when the size is not 1..10000 or the delay not 1ms..1s
   */
  public void setAckBatching(int maxBatch, Duration maxDelay) {
    update(builder -> builder.ackBatching(maxBatch, maxDelay));
  }

  /** See {@link SafeQueueListenerSettingsBuilder#leaseRenewal}. */
  public void setLeaseRenewal(boolean leaseRenewal) {
    update(builder -> builder.leaseRenewal(leaseRenewal));
  }

  /** See {@link SafeQueueListenerSettingsBuilder#observationRegistry}. */
  public void setObservationRegistry(ObservationRegistry observationRegistry) {
    update(builder -> builder.observationRegistry(observationRegistry));
  }

  /** See {@link SafeQueueListenerSettingsBuilder#observationConvention}. */
  public void setObservationConvention(
      @Nullable SafeQueueListenerObservationConvention observationConvention) {
    update(builder -> builder.observationConvention(observationConvention));
  }

  /** The registry of the listener observations. */
  public ObservationRegistry getObservationRegistry() {
    return settings.observationRegistry();
  }

  /** The maximum number of deliveries of the default handling (0: unlimited). */
  public int getMaxDeliveries() {
    return settings.maxDeliveries();
  }

  /** See {@link SafeQueueListenerSettingsBuilder#virtualThreads}. */
  public void setVirtualThreads(boolean virtualThreads) {
    update(builder -> builder.virtualThreads(virtualThreads));
  }

  /** See {@link SafeQueueListenerSettingsBuilder#taskExecutor}. */
  public void setTaskExecutor(@Nullable Executor taskExecutor) {
    update(builder -> builder.taskExecutor(taskExecutor));
  }

  /** See {@link SafeQueueListenerSettingsBuilder#autoStartup}. */
  public void setAutoStartup(boolean autoStartup) {
    update(builder -> builder.autoStartup(autoStartup));
  }

  /** Number of workers, the minimum with a range (of the next start, when stopped). */
  public int getConcurrency() {
    return settings.concurrency();
  }

  /** Most workers (the same as {@link #getConcurrency()} unless a range is set). */
  public int getMaxConcurrency() {
    return settings.maxConcurrency();
  }

  /**
   * See {@link SafeQueueListenerSettingsBuilder#consumerBatchSize}.
   *
   * @throws IllegalArgumentException when not 1..10000
   */
  public void setConsumerBatchSize(int consumerBatchSize) {
    update(builder -> builder.consumerBatchSize(consumerBatchSize));
  }

  /** Most items a batch listener receives per call. */
  public int getConsumerBatchSize() {
    return settings.consumerBatchSize();
  }

  /** Most items a consumer takes per round trip. */
  public int getBatchSize() {
    return settings.batchSize();
  }

  /** How long an idle consumer blocks per blocking pop. */
  public Duration getPollTimeout() {
    return settings.pollTimeout();
  }

  /** How long {@link SafeQueueListenerContainer#stop()} waits for running handlers. */
  public Duration getShutdownTimeout() {
    return settings.shutdownTimeout();
  }

  /** Whether a {@link SafeQueueListenerEndpointRegistry} starts this container. */
  public boolean isAutoStartup() {
    return settings.autoStartup();
  }
}

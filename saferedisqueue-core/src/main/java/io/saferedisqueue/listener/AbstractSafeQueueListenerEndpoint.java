package io.saferedisqueue.listener;

import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Base class of endpoints: holds and checks the id, the queue name and the optional overrides (each
 * checked as {@link SafeQueueListenerSettings} checks it). Setters are meant to be called before
 * the endpoint is handed to a container factory.
 */
public abstract class AbstractSafeQueueListenerEndpoint implements SafeQueueListenerEndpoint {

  private final String id;
  private final String queueName;
  private @Nullable Integer concurrency;
  private @Nullable Integer maxConcurrency;
  private @Nullable Boolean autoStartup;
  private @Nullable SafeQueueErrorHandler errorHandler;
  private @Nullable Integer maxDeliveries;
  private @Nullable Integer consumerBatchSize;
  private List<Class<? extends Throwable>> notRetryable = List.of();

  /**
   * Creates an endpoint.
   *
   * @throws IllegalArgumentException when the id or the queue name is null or blank
   */
  protected AbstractSafeQueueListenerEndpoint(String id, String queueName) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(
          "listener id must be a non-blank string, was " + quote(id));
    }
    if (queueName == null || queueName.isBlank()) {
      throw new IllegalArgumentException(
          "queue name must be a non-blank string, was " + quote(queueName));
    }
    this.id = id;
    this.queueName = queueName;
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public String getQueueName() {
    return queueName;
  }

  @Override
  public @Nullable Integer getConcurrency() {
    return concurrency;
  }

  /**
   * Number of consumer threads; {@code null} keeps the container factory's default.
   *
   * @throws IllegalArgumentException when the number is below 1
   */
  public void setConcurrency(@Nullable Integer concurrency) {
    this.concurrency =
        concurrency == null ? null : SafeQueueListenerSettings.checkConcurrency(concurrency);
    this.maxConcurrency = null;
  }

  /**
   * Between {@code min} and {@code max} workers (Spring AMQP's "min-max" concurrency).
   *
   * @throws IllegalArgumentException unless {@code 1 <= min <= max}
   */
  public void setConcurrency(int min, int max) {
    SafeQueueListenerSettings.checkConcurrency(min, max);
    this.concurrency = min;
    this.maxConcurrency = max;
  }

  @Override
  public @Nullable Integer getMaxConcurrency() {
    return maxConcurrency;
  }

  @Override
  public @Nullable Boolean getAutoStartup() {
    return autoStartup;
  }

  /** Whether the registry starts the container; {@code null} keeps the factory's default. */
  public void setAutoStartup(@Nullable Boolean autoStartup) {
    this.autoStartup = autoStartup;
  }

  @Override
  public @Nullable SafeQueueErrorHandler getErrorHandler() {
    return errorHandler;
  }

  /** Error handler of this listener; {@code null} keeps the container factory's. */
  public void setErrorHandler(@Nullable SafeQueueErrorHandler errorHandler) {
    this.errorHandler = errorHandler;
  }

  static String quote(@Nullable String value) {
    return value == null ? "null" : "'" + value + "'";
  }

  @Override
  public @Nullable Integer getMaxDeliveries() {
    return maxDeliveries;
  }

  /**
   * Maximum deliveries of this listener; {@code null} for the container factory's.
   *
   * @throws IllegalArgumentException when negative
   */
  public void setMaxDeliveries(@Nullable Integer maxDeliveries) {
    this.maxDeliveries =
        maxDeliveries == null ? null : SafeQueueListenerSettings.checkMaxDeliveries(maxDeliveries);
  }

  @Override
  public @Nullable Integer getConsumerBatchSize() {
    return consumerBatchSize;
  }

  /**
   * Most items per call of this batch listener; {@code null} for the container factory's. Only
   * batch endpoints use it.
   *
   * @throws IllegalArgumentException when not 1..10000
   */
  public void setConsumerBatchSize(@Nullable Integer consumerBatchSize) {
    this.consumerBatchSize =
        consumerBatchSize == null
            ? null
            : SafeQueueListenerSettings.checkConsumerBatchSize(consumerBatchSize);
  }

  @Override
  public List<Class<? extends Throwable>> getNotRetryable() {
    return notRetryable;
  }

  /** Exception types that dead-letter this listener's items at once. */
  public void setNotRetryable(List<Class<? extends Throwable>> notRetryable) {
    this.notRetryable = List.copyOf(notRetryable);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[id=" + id + ", queue=" + queueName + "]";
  }
}

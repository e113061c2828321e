package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.listener.SafeQueueListenerSettings;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the {@code @SafeQueueListener} containers. Their defaults are those of {@link
 * SafeQueueListenerSettings}.
 */
public class SafeRedisQueueListenerProperties {

  /** Whether methods annotated with @SafeQueueListener are found and run. */
  private boolean enabled = true;

  /**
   * Workers per listener, unless the annotation sets its own: a number such as "4", or a range
   * "min-max" such as "2-16" in which workers are added while items wait and end when idle.
   */
  private String concurrency = Integer.toString(SafeQueueListenerSettings.DEFAULT_CONCURRENCY);

  /**
   * How long stopping waits for running handlers before it gives up on them; their items are
   * redelivered later by autoclean.
   */
  private Duration shutdownTimeout = SafeQueueListenerSettings.DEFAULT_SHUTDOWN_TIMEOUT;

  /**
   * Maximum number of waiting items a listener's fetcher takes in one round trip, which is also how
   * many it may hold beyond its workers. Unset: 16 per worker, at most 128.
   */
  private @Nullable Integer batchSize;

  /**
   * Maximum number of items a batch listener (batch = "true") receives per call, unless the
   * annotation sets its own; a batch holds the items waiting when a worker becomes free, never
   * waiting for more. Single-item listeners ignore it.
   */
  private int consumerBatchSize = SafeQueueListenerSettings.DEFAULT_CONSUMER_BATCH_SIZE;

  /**
   * How long a consumer blocks waiting for an item before it checks again whether it should stop.
   */
  private Duration pollTimeout = SafeQueueListenerSettings.DEFAULT_POLL_TIMEOUT;

  /** Whether the listener containers start with the application context. */
  private boolean autoStartup = SafeQueueListenerSettings.DEFAULT_AUTO_STARTUP;

  /**
   * Deliveries after which a failing item becomes a dead letter (0 for never), unless the queue or
   * the annotation sets its own.
   */
  private int maxDeliveries = SafeQueueListenerSettings.DEFAULT_MAX_DELIVERIES;

  /**
   * Whether items of running handlers are kept from being requeued by autoclean, so a handler that
   * outlives the autoclean interval is not run twice.
   */
  private boolean leaseRenewal = SafeQueueListenerSettings.DEFAULT_LEASE_RENEWAL;

  /** Most acks sent together in one script; 1 sends each ack on its own. */
  private int ackBatchSize = SafeQueueListenerSettings.DEFAULT_ACK_BATCH_SIZE;

  /** Longest time an ack waits for its batch before it is sent. */
  private Duration ackMaxDelay = SafeQueueListenerSettings.DEFAULT_ACK_MAX_DELAY;

  /** Delay before a failed item is delivered again. */
  private final Retry retry = new Retry();

  public int getMaxDeliveries() {
    return maxDeliveries;
  }

  public void setMaxDeliveries(int maxDeliveries) {
    this.maxDeliveries = maxDeliveries;
  }

  public boolean isLeaseRenewal() {
    return leaseRenewal;
  }

  public void setLeaseRenewal(boolean leaseRenewal) {
    this.leaseRenewal = leaseRenewal;
  }

  public int getAckBatchSize() {
    return ackBatchSize;
  }

  public void setAckBatchSize(int ackBatchSize) {
    this.ackBatchSize = ackBatchSize;
  }

  public Duration getAckMaxDelay() {
    return ackMaxDelay;
  }

  public void setAckMaxDelay(Duration ackMaxDelay) {
    this.ackMaxDelay = ackMaxDelay;
  }

  public Retry getRetry() {
    return retry;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(String concurrency) {
    this.concurrency = concurrency;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public @Nullable Integer getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(@Nullable Integer batchSize) {
    this.batchSize = batchSize;
  }

  public int getConsumerBatchSize() {
    return consumerBatchSize;
  }

  public void setConsumerBatchSize(int consumerBatchSize) {
    this.consumerBatchSize = consumerBatchSize;
  }

  public Duration getPollTimeout() {
    return pollTimeout;
  }

  public void setPollTimeout(Duration pollTimeout) {
    this.pollTimeout = pollTimeout;
  }

  public boolean isAutoStartup() {
    return autoStartup;
  }

  public void setAutoStartup(boolean autoStartup) {
    this.autoStartup = autoStartup;
  }

  /** Back-off between the deliveries of a failing item. */
  public static class Retry {

    /** Delay before the first redelivery; zero redelivers at once. */
    private Duration initialInterval = Duration.ZERO;

    /** Factor by which each further delay grows; 1 keeps the delay fixed. */
    private double multiplier = 1.0;

    /** Longest delay between two deliveries. */
    private Duration maxInterval = Duration.ofMinutes(5);

    /** Random amount added to or taken from each delay, so that retries spread out. */
    private Duration jitter = Duration.ZERO;

    public Duration getInitialInterval() {
      return initialInterval;
    }

    public void setInitialInterval(Duration initialInterval) {
      this.initialInterval = initialInterval;
    }

    public double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    public Duration getMaxInterval() {
      return maxInterval;
    }

    public void setMaxInterval(Duration maxInterval) {
      this.maxInterval = maxInterval;
    }

    public Duration getJitter() {
      return jitter;
    }

    public void setJitter(Duration jitter) {
      this.jitter = jitter;
    }

    /** The back-off these settings describe. */
    org.springframework.util.backoff.BackOff toBackOff() {
      long initial = initialInterval.toMillis();
      if (multiplier <= 1.0 && jitter.isZero()) {
        return new org.springframework.util.backoff.FixedBackOff(
            initial, org.springframework.util.backoff.FixedBackOff.UNLIMITED_ATTEMPTS);
      }
      org.springframework.util.backoff.ExponentialBackOff backOff =
          new org.springframework.util.backoff.ExponentialBackOff(
              initial, Math.max(1.0, multiplier));
      backOff.setMaxInterval(Math.max(initial, maxInterval.toMillis()));
      backOff.setJitter(jitter.toMillis());
      return backOff;
    }
  }
}

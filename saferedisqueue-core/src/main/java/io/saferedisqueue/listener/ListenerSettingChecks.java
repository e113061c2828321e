package io.saferedisqueue.listener;

import java.time.Duration;

/**
 * The checks of listener settings, shared by {@link SafeQueueListenerContainer} and the container
 * factory so both reject a bad value with the same message, naming the value and what is allowed.
 */
public final class ListenerSettingChecks {

  private ListenerSettingChecks() {}

  /** Consumer threads: at least 1. */
  public static int concurrency(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "concurrency must be a whole number >= 1, was " + concurrency);
    }
    return concurrency;
  }

  /** Items per round trip: at least 1. */
  public static int batchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be a whole number >= 1, was " + batchSize);
    }
    return batchSize;
  }

  /** Blocking pop time: at least 1 ms. */
  public static Duration pollTimeout(Duration pollTimeout) {
    if (pollTimeout == null || pollTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("pollTimeout must be at least 1ms, was " + pollTimeout);
    }
    return pollTimeout;
  }

  /** Wait for running handlers on stop: zero or positive. */
  public static Duration shutdownTimeout(Duration shutdownTimeout) {
    if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "shutdownTimeout must be zero or positive, was " + shutdownTimeout);
    }
    return shutdownTimeout;
  }

  /** Reconnect back-off: initial at least 1 ms, maximum at least the initial one. */
  public static void recoveryInterval(Duration initial, Duration max) {
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

  /** Maximum deliveries: at least 1, or 0 for unlimited. */
  public static int maxDeliveries(int maxDeliveries) {
    if (maxDeliveries < 0) {
      throw new IllegalArgumentException(
          "maxDeliveries must be >= 1, or 0 for unlimited, was " + maxDeliveries);
    }
    return maxDeliveries;
  }

  /** Ack batching: 1..10000 acks per batch, waiting 1 ms..1 s. */
  public static void ackBatching(int maxBatch, Duration maxDelay) {
    if (maxBatch < 1 || maxBatch > 10_000) {
      throw new IllegalArgumentException("ack batch size must be 1..10000, was " + maxBatch);
    }
    if (maxDelay == null
        || maxDelay.toMillis() < 1
        || maxDelay.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("ack max delay must be 1ms..1s, was " + maxDelay);
    }
  }
}

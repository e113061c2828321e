package io.saferedisqueue.core;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The settings a {@link SafeRedisQueue} was built with ({@link SafeRedisQueue#settings()}), for the
 * listeners, the health and endpoint details and the command line that adapt to them. Fixed for the
 * life of the queue.
 */
public final class SafeRedisQueueSettings {

  private final @Nullable Duration autocleanInterval;
  private final int maxDeliveries;
  private final boolean transactionAware;
  private final int durableReplicas;
  private final Duration durableTimeout;
  private final DataSize maxPayloadSize;
  private final EvictionPolicyCheck evictionPolicyCheck;
  private final PayloadSerializer serializer;

  SafeRedisQueueSettings(SafeRedisQueueBuilder builder) {
    this.autocleanInterval = builder.autocleanInterval;
    this.maxDeliveries = builder.maxDeliveries;
    this.transactionAware = builder.transactionAware;
    this.durableReplicas = builder.durableReplicas;
    this.durableTimeout = builder.durableTimeout;
    this.maxPayloadSize = builder.maxPayloadSize;
    this.evictionPolicyCheck = builder.evictionPolicyCheck;
    this.serializer = builder.serializer;
  }

  /** The autoclean interval, or empty when autoclean is disabled. */
  public Optional<Duration> autocleanInterval() {
    return Optional.ofNullable(autocleanInterval);
  }

  /** The maximum deliveries per item, 0 for unlimited. */
  public int maxDeliveries() {
    return maxDeliveries;
  }

  /** Whether pushes inside a Spring transaction wait for its commit. */
  public boolean transactionAware() {
    return transactionAware;
  }

  /** Replicas each write waits for ({@link SafeRedisQueueBuilder#durableReplicas}); 0: none. */
  public int durableReplicas() {
    return durableReplicas;
  }

  /**
   * Longest a durable write waits for its replicas ({@link SafeRedisQueueBuilder#durableTimeout}).
   */
  public Duration durableTimeout() {
    return durableTimeout;
  }

  /** The largest payload a push accepts. */
  public DataSize maxPayloadSize() {
    return maxPayloadSize;
  }

  /** What the queue does when its Redis may evict keys. */
  public EvictionPolicyCheck evictionPolicyCheck() {
    return evictionPolicyCheck;
  }

  /** The serializer of {@link SafeRedisQueue#pushValue} and {@link SafeRedisQueue#read}. */
  public PayloadSerializer serializer() {
    return serializer;
  }

  @Override
  public String toString() {
    return "SafeRedisQueueSettings[autocleanInterval="
        + autocleanInterval
        + ", maxDeliveries="
        + maxDeliveries
        + ", transactionAware="
        + transactionAware
        + ", durableReplicas="
        + durableReplicas
        + ", maxPayloadSize="
        + maxPayloadSize
        + ", evictionPolicyCheck="
        + evictionPolicyCheck
        + "]";
  }
}

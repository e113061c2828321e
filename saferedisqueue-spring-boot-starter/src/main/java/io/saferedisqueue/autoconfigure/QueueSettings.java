package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.autoconfigure.SafeRedisQueueProperties.PayloadFormat;
import io.saferedisqueue.autoconfigure.SafeRedisQueueProperties.Queue;
import io.saferedisqueue.core.EvictionPolicyCheck;
import io.saferedisqueue.core.SafeRedisQueueBuilder;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/**
 * The effective settings of one queue: for each property, the queue's own under {@code
 * saferedisqueue.queues.<name>} where it sets one, else the global one. Every per-queue property is
 * merged here and applied to the queue's builder in {@link #applyTo}; the application's customizers
 * run after that.
 *
 * @param ownPayloadFormat whether the queue sets its own payload format
 * @param maxDeliveries deliveries before a plain fail dead-letters, {@code null} for the queue's
 *     default (requeue forever)
 */
record QueueSettings(
    Duration autocleanInterval,
    boolean autocleanEnabled,
    boolean autocleanJobEnabled,
    PayloadFormat payloadFormat,
    boolean ownPayloadFormat,
    @Nullable Integer maxDeliveries,
    int durableReplicas,
    Duration durableTimeout,
    boolean transactionAware,
    DataSize maxPayloadSize,
    EvictionPolicyCheck evictionPolicyCheck) {

  private static final Queue NOTHING_OF_ITS_OWN = new Queue();

  /** The settings of the queue (or part of one) of this name. */
  static QueueSettings of(SafeRedisQueueProperties properties, String queueName) {
    Queue ownOrNull = properties.ownSettings(queueName);
    Queue own = ownOrNull != null ? ownOrNull : NOTHING_OF_ITS_OWN;
    return new QueueSettings(
        either(own.getAutocleanInterval(), properties.getAutocleanInterval()),
        either(own.getAutocleanEnabled(), properties.isAutocleanEnabled()),
        either(own.getAutocleanJobEnabled(), properties.isAutocleanJobEnabled()),
        either(own.getPayloadFormat(), properties.getPayloadFormat()),
        own.getPayloadFormat() != null,
        own.getMaxDeliveries(),
        either(own.getDurableReplicas(), properties.getDurableReplicas()),
        either(own.getDurableTimeout(), properties.getDurableTimeout()),
        either(own.getTransactionAware(), properties.isTransactionAware()),
        properties.getMaxPayloadSize(),
        properties.getEvictionPolicyCheck());
  }

  /** Applies every setting but the payload format (a bean, chosen by the caller) to a builder. */
  void applyTo(SafeRedisQueueBuilder builder) {
    PropertyMapper map = PropertyMapper.get();
    map.from(autocleanInterval).when(interval -> autocleanEnabled).to(builder::autocleanInterval);
    map.from(autocleanEnabled).whenFalse().toCall(builder::disableAutoclean);
    map.from(maxDeliveries).to(builder::maxDeliveries);
    map.from(durableReplicas).to(builder::durableReplicas);
    map.from(durableTimeout).to(builder::durableTimeout);
    map.from(transactionAware).to(builder::transactionAware);
    map.from(maxPayloadSize).to(builder::maxPayloadSize);
    map.from(evictionPolicyCheck).to(builder::evictionPolicyCheck);
  }

  private static <T> T either(@Nullable T own, T global) {
    return own != null ? own : global;
  }
}

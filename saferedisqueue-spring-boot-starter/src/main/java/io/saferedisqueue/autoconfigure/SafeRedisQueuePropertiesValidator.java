package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.autoconfigure.SafeRedisQueueListenerProperties.Retry;
import io.saferedisqueue.core.RedisUrl;
import io.saferedisqueue.core.shard.SafeRedisQueueShards;
import io.saferedisqueue.listener.SafeQueueListenerSettings;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * The checks of {@link SafeRedisQueueProperties} while they are bound: each rejected value is
 * reported under its property's name with the value and what is allowed. Listener values are
 * checked by the rules of {@link SafeQueueListenerSettings}, which also holds their defaults.
 */
final class SafeRedisQueuePropertiesValidator {

  private SafeRedisQueuePropertiesValidator() {}

  static void validate(SafeRedisQueueProperties properties, Errors errors) {
    if (properties.hasUrl()) {
      try {
        RedisUrl.parse(properties.getUrl());
      } catch (IllegalArgumentException ex) {
        // The parser's message names the url with its password hidden; the raw value must not be
        // repeated in a log.
        errors.reject(
            "invalidUrl", "saferedisqueue.url is not a valid Redis url: " + ex.getMessage());
      }
    }
    if (!StringUtils.hasText(properties.getName())) {
      reject(
          errors,
          "name",
          "name",
          "'" + properties.getName() + "'",
          "must be a non-blank queue name (the NAME of srq:NAME:*)");
    }
    checkPositive(
        errors, "autocleanInterval", "autoclean-interval", properties.getAutocleanInterval());
    checkPositive(errors, "commandTimeout", "command-timeout", properties.getCommandTimeout());
    DataSize maxPayload = properties.getMaxPayloadSize();
    if (maxPayload == null
        || maxPayload.toBytes() < 1
        || maxPayload.compareTo(DataSize.ofMegabytes(512)) > 0) {
      reject(
          errors,
          "maxPayloadSize",
          "max-payload-size",
          String.valueOf(maxPayload),
          "must be between 1B and 512MB (Redis' largest value) such as 4MB");
    }
    if (properties.getEvictionPolicyCheck() == null) {
      reject(
          errors,
          "evictionPolicyCheck",
          "eviction-policy-check",
          "empty",
          "must be warn, fail or off");
    }
    checkDurable(
        errors,
        "durableReplicas",
        "durable-replicas",
        properties.getDurableReplicas(),
        "durableTimeout",
        "durable-timeout",
        properties.getDurableTimeout());
    properties
        .getQueues()
        .forEach(
            (queueName, queue) -> {
              if (!StringUtils.hasText(queueName)) {
                errors.reject(
                    "blankQueueName", "saferedisqueue.queues: a queue name must not be blank");
              }
              if (queue.getMaxDeliveries() != null && queue.getMaxDeliveries() < 0) {
                reject(
                    errors,
                    "queues[" + queueName + "].maxDeliveries",
                    "queues." + queueName + ".max-deliveries",
                    Integer.toString(queue.getMaxDeliveries()),
                    "must be at least 1, or 0 for unlimited");
              }
              checkDurable(
                  errors,
                  "queues[" + queueName + "].durableReplicas",
                  "queues." + queueName + ".durable-replicas",
                  queue.getDurableReplicas(),
                  "queues[" + queueName + "].durableTimeout",
                  "queues." + queueName + ".durable-timeout",
                  queue.getDurableTimeout());
              if (queue.getShards() < 1 || queue.getShards() > SafeRedisQueueShards.MAX_SHARDS) {
                reject(
                    errors,
                    "queues[" + queueName + "].shards",
                    "queues." + queueName + ".shards",
                    Integer.toString(queue.getShards()),
                    "must be between 1 and " + SafeRedisQueueShards.MAX_SHARDS);
              } else if (queue.getShards() > 1) {
                checkShardedName(errors, queueName, queue.getShards(), properties.getName());
              }
              if (queue.getAutocleanInterval() != null) {
                checkPositive(
                    errors,
                    "queues[" + queueName + "].autocleanInterval",
                    "queues." + queueName + ".autoclean-interval",
                    queue.getAutocleanInterval());
              }
            });
    SafeRedisQueueListenerProperties listener = properties.getListener();
    check(
        errors,
        "listener.concurrency",
        "listener.concurrency",
        listener.getConcurrency(),
        SafeQueueListenerSettings::parseConcurrency,
        "'" + listener.getConcurrency() + "'",
        "must be a number of workers of at least 1 such as 4, or a range min-max with 1 <= min"
            + " <= max such as 2-16");
    check(
        errors,
        "listener.batchSize",
        "listener.batch-size",
        listener.getBatchSize(),
        size -> {
          if (size != null) {
            SafeQueueListenerSettings.checkBatchSize(size);
          }
        },
        String.valueOf(listener.getBatchSize()),
        "must be at least 1 (items taken per round trip)");
    check(
        errors,
        "listener.consumerBatchSize",
        "listener.consumer-batch-size",
        listener.getConsumerBatchSize(),
        SafeQueueListenerSettings::checkConsumerBatchSize,
        Integer.toString(listener.getConsumerBatchSize()),
        "must be 1..10000 (items per call of a batch listener)");
    check(
        errors,
        "listener.pollTimeout",
        "listener.poll-timeout",
        listener.getPollTimeout(),
        SafeQueueListenerSettings::checkPollTimeout,
        format(listener.getPollTimeout()),
        "must be a positive duration such as 30s or 500ms");
    check(
        errors,
        "listener.maxDeliveries",
        "listener.max-deliveries",
        listener.getMaxDeliveries(),
        SafeQueueListenerSettings::checkMaxDeliveries,
        Integer.toString(listener.getMaxDeliveries()),
        "must be at least 1, or 0 for unlimited");
    check(
        errors,
        "listener.ackBatchSize",
        "listener.ack-batch-size",
        listener.getAckBatchSize(),
        SafeQueueListenerSettings::checkAckBatchSize,
        Integer.toString(listener.getAckBatchSize()),
        "must be 1..10000 (1 sends each ack on its own)");
    check(
        errors,
        "listener.ackMaxDelay",
        "listener.ack-max-delay",
        listener.getAckMaxDelay(),
        SafeQueueListenerSettings::checkAckMaxDelay,
        format(listener.getAckMaxDelay()),
        "must be between 1ms and 1s");
    Retry retry = listener.getRetry();
    if (retry.getInitialInterval() == null || retry.getInitialInterval().isNegative()) {
      reject(
          errors,
          "listener.retry.initialInterval",
          "listener.retry.initial-interval",
          format(retry.getInitialInterval()),
          "must be zero or a positive duration such as 1s");
    }
    if (!(retry.getMultiplier() >= 1.0)) {
      reject(
          errors,
          "listener.retry.multiplier",
          "listener.retry.multiplier",
          Double.toString(retry.getMultiplier()),
          "must be at least 1 (1 keeps the delay fixed)");
    }
    checkPositive(
        errors,
        "listener.retry.maxInterval",
        "listener.retry.max-interval",
        retry.getMaxInterval());
    if (retry.getJitter() == null || retry.getJitter().isNegative()) {
      reject(
          errors,
          "listener.retry.jitter",
          "listener.retry.jitter",
          format(retry.getJitter()),
          "must be zero or a positive duration");
    }
    check(
        errors,
        "listener.shutdownTimeout",
        "listener.shutdown-timeout",
        listener.getShutdownTimeout(),
        SafeQueueListenerSettings::checkShutdownTimeout,
        format(listener.getShutdownTimeout()),
        "must be zero or a positive duration such as 10s");
    validateOperations(properties, errors);
  }

  private static void validateOperations(SafeRedisQueueProperties properties, Errors errors) {
    checkPositive(
        errors,
        "metrics.sizesTimeToLive",
        "metrics.sizes-time-to-live",
        properties.getMetrics().getSizesTimeToLive());
    SafeRedisQueueHealthProperties health = properties.getHealth();
    checkNotNegative(errors, "health.maxWaiting", "health.max-waiting", health.getMaxWaiting());
    checkNotNegative(errors, "health.maxInFlight", "health.max-in-flight", health.getMaxInFlight());
    checkNotNegative(errors, "health.maxDead", "health.max-dead", health.getMaxDead());
    if (health.getMaxOldestAge() != null) {
      checkPositive(
          errors, "health.maxOldestAge", "health.max-oldest-age", health.getMaxOldestAge());
    }
    if (!StringUtils.hasText(health.getThresholdStatus())) {
      reject(
          errors,
          "health.thresholdStatus",
          "health.threshold-status",
          "'" + health.getThresholdStatus() + "'",
          "must be a health status code such as OUT_OF_SERVICE or WARNING");
    }
  }

  /** Unset values (a queue's, taking the global ones) pass; bound ones must suit WAIT. */
  private static void checkDurable(
      Errors errors,
      String replicasField,
      String replicasKey,
      @Nullable Integer replicas,
      String timeoutField,
      String timeoutKey,
      @Nullable Duration timeout) {
    if (replicas != null && replicas < 0) {
      reject(
          errors,
          replicasField,
          replicasKey,
          Integer.toString(replicas),
          "must be a number of replicas to wait for, at least 1, or 0 for off");
    }
    if (timeout != null
        && (timeout.isNegative()
            || timeout.toMillis() < 1
            || timeout.compareTo(Duration.ofHours(1)) > 0)) {
      reject(
          errors,
          timeoutField,
          timeoutKey,
          format(timeout),
          "must be between 1ms and 1h (WAIT's timeout) such as 1s or 250ms");
    }
  }

  private static void checkNotNegative(
      Errors errors, String field, String key, @Nullable Long value) {
    if (value != null && value < 0) {
      reject(errors, field, key, Long.toString(value), "must be zero or more (unset for no limit)");
    }
  }

  private static void checkPositive(
      Errors errors, String field, String key, @Nullable Duration value) {
    if (value == null || value.isNegative() || value.toMillis() < 1) {
      reject(errors, field, key, format(value), "must be a positive duration such as 30s or 500ms");
    }
  }

  /** Rejects the value when the listener settings' check does; the message names the property. */
  private static <T> void check(
      Errors errors,
      String field,
      String key,
      @Nullable T value,
      Consumer<@Nullable T> settingsCheck,
      String shown,
      String requirement) {
    try {
      settingsCheck.accept(value);
    } catch (IllegalArgumentException ex) {
      reject(errors, field, key, shown, requirement);
    }
  }

  private static void checkShardedName(
      Errors errors, String queueName, int shards, String defaultName) {
    if (queueName.indexOf('{') >= 0 || queueName.indexOf('}') >= 0) {
      errors.reject(
          "shardedHashTag",
          "saferedisqueue.queues."
              + queueName
              + ".shards="
              + shards
              + ": a sharded queue's name must not contain '{' or '}', was '"
              + queueName
              + "'; its shards are named {NAME-0} to {NAME-"
              + (shards - 1)
              + "}, each with its own hash tag, so give the name without one");
    }
    if (queueName.equals(defaultName)) {
      errors.reject(
          "shardedDefaultQueue",
          "saferedisqueue.name '"
              + defaultName
              + "' names a queue with saferedisqueue.queues."
              + queueName
              + ".shards="
              + shards
              + "; the default queue bean is a single queue, so name another one (or a shard, {"
              + queueName
              + "-0})");
    }
  }

  private static void reject(
      Errors errors, String field, String key, String value, String requirement) {
    errors.rejectValue(
        field, "invalid", "saferedisqueue." + key + " " + requirement + ", was " + value);
  }

  private static String format(@Nullable Duration value) {
    if (value == null) {
      return "empty";
    }
    if (value.toNanos() % 1_000_000 != 0) {
      return value.toString();
    }
    long millis = value.toMillis();
    return millis % 1000 != 0 ? millis + "ms" : (millis / 1000) + "s";
  }
}

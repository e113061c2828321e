package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.EvictionPolicyCheck;
import io.saferedisqueue.core.RedisUrl;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.listener.SafeQueueListenerSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of saferedisqueue, under {@code saferedisqueue.*}.
 *
 * <p>The class validates itself while it is bound: a zero or negative duration, a malformed url, a
 * blank queue name or a listener concurrency below 1 fails start-up with a message that names the
 * property and the offending value. Listener values are checked by the rules of {@link
 * SafeQueueListenerSettings}, which also holds their defaults.
 */
@ConfigurationProperties("saferedisqueue")
public class SafeRedisQueueProperties implements Validator {

  /**
   * Redis url for the queues: redis://[[user]:password@]host[:port][/db], rediss://... for TLS or
   * unix://[[user]:password@]/path/to/socket.sock[?db=N]. When set, the queues use their own
   * connection to it instead of the application's spring.data.redis connection.
   */
  private @Nullable String url;

  /** Name of the default queue, the NAME in its Redis keys srq:NAME:*. */
  private String name = "0";

  /**
   * Autoclean interval: an item popped and never acked or failed (its consumer crashed) is requeued
   * after one to two intervals.
   */
  private Duration autocleanInterval = Duration.ofSeconds(60);

  /**
   * Whether autoclean rotations run at all. When false, as with the Python library's
   * autoclean_interval=None, neither pops nor the background job requeue the items of crashed
   * consumers.
   */
  private boolean autocleanEnabled = true;

  /**
   * Whether the background job runs autoclean rotations, so that the items of crashed consumers
   * come back even while nobody pops. Pops rotate as well, whatever this says.
   */
  private boolean autocleanJobEnabled = true;

  /**
   * Payload format of values pushed with pushValue, read with read and received by listener
   * parameters that are neither String nor byte[].
   */
  private PayloadFormat payloadFormat = PayloadFormat.JSON;

  /** Command timeout of the connection built from the url; ignored without a url. */
  private Duration commandTimeout = Duration.ofSeconds(60);

  /**
   * Largest payload a push accepts; a larger one is refused with an IllegalArgumentException before
   * anything is sent to Redis. At most 512MB, Redis' own limit of a value; each megabyte of a
   * payload holds up Redis for a few milliseconds in the push and in the pop.
   */
  private DataSize maxPayloadSize = SafeRedisQueue.DEFAULT_MAX_PAYLOAD_SIZE;

  /**
   * What to do when Redis may evict keys (a maxmemory-policy other than noeviction), which loses
   * queue items silently once Redis is full: warn (one warning per connection), fail (the queues
   * refuse to work and start-up fails) or off.
   */
  private EvictionPolicyCheck evictionPolicyCheck = EvictionPolicyCheck.WARN;

  /**
   * Settings of individual queues, by queue name; each listed queue is also a SafeRedisQueue bean
   * of that name. Use the bracket form for names with characters other than letters, digits, '-'
   * and '_', such as "[{orders}]" for a Redis Cluster hash tag.
   */
  private Map<String, Queue> queues = new LinkedHashMap<>();

  /**
   * Whether pushes made inside a Spring transaction are sent only after it commits (and dropped
   * when it rolls back), unless a queue sets its own.
   */
  private boolean transactionAware;

  private final Listener listener = new Listener();

  private final Metrics metrics = new Metrics();

  private final Health health = new Health();

  private final Observation observation = new Observation();

  public @Nullable String getUrl() {
    return url;
  }

  public void setUrl(@Nullable String url) {
    this.url = url;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Duration getAutocleanInterval() {
    return autocleanInterval;
  }

  public void setAutocleanInterval(Duration autocleanInterval) {
    this.autocleanInterval = autocleanInterval;
  }

  public boolean isAutocleanEnabled() {
    return autocleanEnabled;
  }

  public void setAutocleanEnabled(boolean autocleanEnabled) {
    this.autocleanEnabled = autocleanEnabled;
  }

  public boolean isAutocleanJobEnabled() {
    return autocleanJobEnabled;
  }

  public void setAutocleanJobEnabled(boolean autocleanJobEnabled) {
    this.autocleanJobEnabled = autocleanJobEnabled;
  }

  public PayloadFormat getPayloadFormat() {
    return payloadFormat;
  }

  public void setPayloadFormat(PayloadFormat payloadFormat) {
    this.payloadFormat = payloadFormat;
  }

  public Duration getCommandTimeout() {
    return commandTimeout;
  }

  public void setCommandTimeout(Duration commandTimeout) {
    this.commandTimeout = commandTimeout;
  }

  public DataSize getMaxPayloadSize() {
    return maxPayloadSize;
  }

  public void setMaxPayloadSize(DataSize maxPayloadSize) {
    this.maxPayloadSize = maxPayloadSize;
  }

  public EvictionPolicyCheck getEvictionPolicyCheck() {
    return evictionPolicyCheck;
  }

  public void setEvictionPolicyCheck(EvictionPolicyCheck evictionPolicyCheck) {
    this.evictionPolicyCheck = evictionPolicyCheck;
  }

  public Map<String, Queue> getQueues() {
    return queues;
  }

  public void setQueues(Map<String, Queue> queues) {
    this.queues = queues;
  }

  public Listener getListener() {
    return listener;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Health getHealth() {
    return health;
  }

  public Observation getObservation() {
    return observation;
  }

  public boolean isTransactionAware() {
    return transactionAware;
  }

  public void setTransactionAware(boolean transactionAware) {
    this.transactionAware = transactionAware;
  }

  /** Whether a url was given (a blank value counts as none). */
  boolean hasUrl() {
    return StringUtils.hasText(url);
  }

  /** The settings of one queue: its own where {@code queues.<name>} sets them, else the global. */
  QueueSettings settingsFor(String queueName) {
    Queue own = queues.get(queueName);
    if (own == null) {
      return new QueueSettings(
          autocleanInterval, autocleanEnabled, autocleanJobEnabled, payloadFormat, false);
    }
    return new QueueSettings(
        own.autocleanInterval != null ? own.autocleanInterval : autocleanInterval,
        own.autocleanEnabled != null ? own.autocleanEnabled : autocleanEnabled,
        own.autocleanJobEnabled != null ? own.autocleanJobEnabled : autocleanJobEnabled,
        own.payloadFormat != null ? own.payloadFormat : payloadFormat,
        own.payloadFormat != null);
  }

  @Override
  public boolean supports(Class<?> type) {
    return SafeRedisQueueProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    SafeRedisQueueProperties properties = (SafeRedisQueueProperties) target;
    if (properties.hasUrl()) {
      try {
        RedisUrl.parse(properties.url);
      } catch (IllegalArgumentException ex) {
        // The parser's message names the url with its password hidden; the raw value must not be
        // repeated in a log.
        errors.reject(
            "invalidUrl", "saferedisqueue.url is not a valid Redis url: " + ex.getMessage());
      }
    }
    if (!StringUtils.hasText(properties.name)) {
      reject(
          errors,
          "name",
          "name",
          "'" + properties.name + "'",
          "must be a non-blank queue name (the NAME of srq:NAME:*)");
    }
    checkPositive(errors, "autocleanInterval", "autoclean-interval", properties.autocleanInterval);
    checkPositive(errors, "commandTimeout", "command-timeout", properties.commandTimeout);
    DataSize maxPayload = properties.maxPayloadSize;
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
    if (properties.evictionPolicyCheck == null) {
      reject(
          errors,
          "evictionPolicyCheck",
          "eviction-policy-check",
          "empty",
          "must be warn, fail or off");
    }
    properties.queues.forEach(
        (queueName, queue) -> {
          if (!StringUtils.hasText(queueName)) {
            errors.reject(
                "blankQueueName", "saferedisqueue.queues: a queue name must not be blank");
          }
          if (queue.maxDeliveries != null && queue.maxDeliveries < 0) {
            reject(
                errors,
                "queues[" + queueName + "].maxDeliveries",
                "queues." + queueName + ".max-deliveries",
                Integer.toString(queue.maxDeliveries),
                "must be at least 1, or 0 for unlimited");
          }
          if (queue.autocleanInterval != null) {
            checkPositive(
                errors,
                "queues[" + queueName + "].autocleanInterval",
                "queues." + queueName + ".autoclean-interval",
                queue.autocleanInterval);
          }
        });
    Listener listener = properties.listener;
    check(
        errors,
        "listener.concurrency",
        "listener.concurrency",
        listener.concurrency,
        SafeQueueListenerSettings::checkConcurrency,
        Integer.toString(listener.concurrency),
        "must be at least 1 (consumer threads per listener)");
    check(
        errors,
        "listener.batchSize",
        "listener.batch-size",
        listener.batchSize,
        SafeQueueListenerSettings::checkBatchSize,
        Integer.toString(listener.batchSize),
        "must be at least 1 (items taken per round trip)");
    check(
        errors,
        "listener.pollTimeout",
        "listener.poll-timeout",
        listener.pollTimeout,
        SafeQueueListenerSettings::checkPollTimeout,
        format(listener.pollTimeout),
        "must be a positive duration such as 30s or 500ms");
    check(
        errors,
        "listener.maxDeliveries",
        "listener.max-deliveries",
        listener.maxDeliveries,
        SafeQueueListenerSettings::checkMaxDeliveries,
        Integer.toString(listener.maxDeliveries),
        "must be at least 1, or 0 for unlimited");
    check(
        errors,
        "listener.ackBatchSize",
        "listener.ack-batch-size",
        listener.ackBatchSize,
        SafeQueueListenerSettings::checkAckBatchSize,
        Integer.toString(listener.ackBatchSize),
        "must be 1..10000 (1 sends each ack on its own)");
    check(
        errors,
        "listener.ackMaxDelay",
        "listener.ack-max-delay",
        listener.ackMaxDelay,
        SafeQueueListenerSettings::checkAckMaxDelay,
        format(listener.ackMaxDelay),
        "must be between 1ms and 1s");
    Retry retry = listener.retry;
    if (retry.initialInterval == null || retry.initialInterval.isNegative()) {
      reject(
          errors,
          "listener.retry.initialInterval",
          "listener.retry.initial-interval",
          format(retry.initialInterval),
          "must be zero or a positive duration such as 1s");
    }
    if (!(retry.multiplier >= 1.0)) {
      reject(
          errors,
          "listener.retry.multiplier",
          "listener.retry.multiplier",
          Double.toString(retry.multiplier),
          "must be at least 1 (1 keeps the delay fixed)");
    }
    checkPositive(
        errors, "listener.retry.maxInterval", "listener.retry.max-interval", retry.maxInterval);
    if (retry.jitter == null || retry.jitter.isNegative()) {
      reject(
          errors,
          "listener.retry.jitter",
          "listener.retry.jitter",
          format(retry.jitter),
          "must be zero or a positive duration");
    }
    check(
        errors,
        "listener.shutdownTimeout",
        "listener.shutdown-timeout",
        listener.shutdownTimeout,
        SafeQueueListenerSettings::checkShutdownTimeout,
        format(listener.shutdownTimeout),
        "must be zero or a positive duration such as 10s");
    validateOperations(properties, errors);
  }

  private static void validateOperations(SafeRedisQueueProperties properties, Errors errors) {
    checkPositive(
        errors,
        "metrics.sizesTimeToLive",
        "metrics.sizes-time-to-live",
        properties.metrics.sizesTimeToLive);
    Health health = properties.health;
    checkNotNegative(errors, "health.maxWaiting", "health.max-waiting", health.maxWaiting);
    checkNotNegative(errors, "health.maxInFlight", "health.max-in-flight", health.maxInFlight);
    checkNotNegative(errors, "health.maxDead", "health.max-dead", health.maxDead);
    if (health.maxOldestAge != null) {
      checkPositive(errors, "health.maxOldestAge", "health.max-oldest-age", health.maxOldestAge);
    }
    if (!StringUtils.hasText(health.thresholdStatus)) {
      reject(
          errors,
          "health.thresholdStatus",
          "health.threshold-status",
          "'" + health.thresholdStatus + "'",
          "must be a health status code such as OUT_OF_SERVICE or WARNING");
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

  /** How payloads are written and read. */
  public enum PayloadFormat {

    /** JSON through Jackson, as the Python library's serializer=json writes it. */
    JSON,

    /** Text as UTF-8 and bytes as they are, like the Python library without a serializer. */
    PLAIN
  }

  /** Settings of one queue; each one left unset takes the global setting of the same name. */
  public static class Queue {

    /** Autoclean interval of this queue. */
    private @Nullable Duration autocleanInterval;

    /** Whether autoclean rotations run for this queue at all. */
    private @Nullable Boolean autocleanEnabled;

    /** Whether the background job runs autoclean rotations for this queue. */
    private @Nullable Boolean autocleanJobEnabled;

    /** Payload format of this queue. */
    private @Nullable PayloadFormat payloadFormat;

    /**
     * Deliveries after which a failing item of this queue becomes a dead letter, 0 for never. Also
     * the limit of this queue's listeners unless the annotation sets its own. Unset: plain fail
     * requeues forever, as the Python library does, and listeners use listener.max-deliveries.
     */
    private @Nullable Integer maxDeliveries;

    /** Whether pushes to this queue inside a Spring transaction wait for its commit. */
    private @Nullable Boolean transactionAware;

    public @Nullable Boolean getTransactionAware() {
      return transactionAware;
    }

    public void setTransactionAware(@Nullable Boolean transactionAware) {
      this.transactionAware = transactionAware;
    }

    public @Nullable Integer getMaxDeliveries() {
      return maxDeliveries;
    }

    public void setMaxDeliveries(@Nullable Integer maxDeliveries) {
      this.maxDeliveries = maxDeliveries;
    }

    public @Nullable Duration getAutocleanInterval() {
      return autocleanInterval;
    }

    public void setAutocleanInterval(@Nullable Duration autocleanInterval) {
      this.autocleanInterval = autocleanInterval;
    }

    public @Nullable Boolean getAutocleanEnabled() {
      return autocleanEnabled;
    }

    public void setAutocleanEnabled(@Nullable Boolean autocleanEnabled) {
      this.autocleanEnabled = autocleanEnabled;
    }

    public @Nullable Boolean getAutocleanJobEnabled() {
      return autocleanJobEnabled;
    }

    public void setAutocleanJobEnabled(@Nullable Boolean autocleanJobEnabled) {
      this.autocleanJobEnabled = autocleanJobEnabled;
    }

    public @Nullable PayloadFormat getPayloadFormat() {
      return payloadFormat;
    }

    public void setPayloadFormat(@Nullable PayloadFormat payloadFormat) {
      this.payloadFormat = payloadFormat;
    }
  }

  /**
   * Settings of the {@code @SafeQueueListener} containers. Their defaults are those of {@link
   * SafeQueueListenerSettings}.
   */
  public static class Listener {

    /** Whether methods annotated with @SafeQueueListener are found and run. */
    private boolean enabled = true;

    /** Number of consumer threads per listener, unless the annotation sets its own. */
    private int concurrency = SafeQueueListenerSettings.DEFAULT_CONCURRENCY;

    /**
     * How long stopping waits for running handlers before it gives up on them; their items are
     * redelivered later by autoclean.
     */
    private Duration shutdownTimeout = SafeQueueListenerSettings.DEFAULT_SHUTDOWN_TIMEOUT;

    /** Maximum number of waiting items a consumer takes in one round trip. */
    private int batchSize = SafeQueueListenerSettings.DEFAULT_BATCH_SIZE;

    /**
     * How long a consumer blocks waiting for an item before it checks again whether it should stop.
     */
    private Duration pollTimeout = SafeQueueListenerSettings.DEFAULT_POLL_TIMEOUT;

    /** Whether the listener containers start with the application context. */
    private boolean autoStartup = SafeQueueListenerSettings.DEFAULT_AUTO_STARTUP;

    /**
     * Deliveries after which a failing item becomes a dead letter (0 for never), unless the queue
     * or the annotation sets its own.
     */
    private int maxDeliveries = SafeQueueListenerSettings.DEFAULT_MAX_DELIVERIES;

    /**
     * Whether items of running handlers are kept from being requeued by autoclean, so a handler
     * that outlives the autoclean interval is not run twice.
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

    public int getConcurrency() {
      return concurrency;
    }

    public void setConcurrency(int concurrency) {
      this.concurrency = concurrency;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
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
  }

  /** Settings of the Micrometer meters of the queues. */
  public static class Metrics {

    /**
     * Whether queues count their items (saferedisqueue.items.*) and publish their sizes
     * (saferedisqueue.queue.*) as Micrometer meters, when the application has a MeterRegistry.
     */
    private boolean enabled = true;

    /**
     * How long queue sizes, once read for the gauges or the health contributor, are reused: a
     * scrape or health check costs at most one script per queue in that time.
     */
    private Duration sizesTimeToLive = Duration.ofSeconds(5);

    /**
     * Whether each push also stores its time in srq:NAME:headers, so that the gauges and the health
     * contributor know the age of the oldest waiting item. Costs one hash field per item until it
     * is acked.
     */
    private boolean recordPushTime = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getSizesTimeToLive() {
      return sizesTimeToLive;
    }

    public void setSizesTimeToLive(Duration sizesTimeToLive) {
      this.sizesTimeToLive = sizesTimeToLive;
    }

    public boolean isRecordPushTime() {
      return recordPushTime;
    }

    public void setRecordPushTime(boolean recordPushTime) {
      this.recordPushTime = recordPushTime;
    }
  }

  /**
   * Thresholds of the saferedisqueue health contributor (switched off with
   * management.health.saferedisqueue.enabled=false). Unset thresholds do not apply; a queue over
   * any of them turns the status to threshold-status.
   */
  public static class Health {

    /** Most items that may wait in a queue. */
    private @Nullable Long maxWaiting;

    /** Most items that may be in flight (delivered, neither acked nor failed) in a queue. */
    private @Nullable Long maxInFlight;

    /** Most dead letters a queue may hold. */
    private @Nullable Long maxDead;

    /** Longest time the oldest waiting item of a queue may have waited. */
    private @Nullable Duration maxOldestAge;

    /**
     * Status reported while a queue is over a threshold: OUT_OF_SERVICE, which Spring Boot orders
     * and maps to HTTP 503 by default, or a custom code such as WARNING, which the overall status
     * takes into account only once it is listed in management.endpoint.health.status.order.
     */
    private String thresholdStatus = "OUT_OF_SERVICE";

    public @Nullable Long getMaxWaiting() {
      return maxWaiting;
    }

    public void setMaxWaiting(@Nullable Long maxWaiting) {
      this.maxWaiting = maxWaiting;
    }

    public @Nullable Long getMaxInFlight() {
      return maxInFlight;
    }

    public void setMaxInFlight(@Nullable Long maxInFlight) {
      this.maxInFlight = maxInFlight;
    }

    public @Nullable Long getMaxDead() {
      return maxDead;
    }

    public void setMaxDead(@Nullable Long maxDead) {
      this.maxDead = maxDead;
    }

    public @Nullable Duration getMaxOldestAge() {
      return maxOldestAge;
    }

    public void setMaxOldestAge(@Nullable Duration maxOldestAge) {
      this.maxOldestAge = maxOldestAge;
    }

    public String getThresholdStatus() {
      return thresholdStatus;
    }

    public void setThresholdStatus(String thresholdStatus) {
      this.thresholdStatus = thresholdStatus;
    }
  }

  /** Settings of the Micrometer observations of pushes and listeners. */
  public static class Observation {

    /**
     * Whether pushes and listener invocations are observed with the application's
     * ObservationRegistry: timers saferedisqueue.push and saferedisqueue.listener and, with
     * tracing, spans that carry the trace from the producer to the listener.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * The effective settings of one queue.
   *
   * @param ownPayloadFormat whether the queue sets its own payload format
   */
  record QueueSettings(
      Duration autocleanInterval,
      boolean autocleanEnabled,
      boolean autocleanJobEnabled,
      PayloadFormat payloadFormat,
      boolean ownPayloadFormat) {}
}

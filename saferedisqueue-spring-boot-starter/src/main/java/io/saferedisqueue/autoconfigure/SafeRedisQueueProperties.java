package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.EvictionPolicyCheck;
import io.saferedisqueue.core.SafeRedisQueueBuilder;
import io.saferedisqueue.core.shard.SafeRedisQueueShardNames;
import io.saferedisqueue.listener.SafeQueueListenerSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
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
  private DataSize maxPayloadSize = SafeRedisQueueBuilder.DEFAULT_MAX_PAYLOAD_SIZE;

  /**
   * What to do when Redis may evict keys (a maxmemory-policy other than noeviction), which loses
   * queue items silently once Redis is full: warn (one warning per connection), fail (the queues
   * refuse to work and start-up fails) or off.
   */
  private EvictionPolicyCheck evictionPolicyCheck = EvictionPolicyCheck.WARN;

  /**
   * Replicas every write of a queue (push, ack, fail, dead-lettering, hand-off) waits for after its
   * script, with WAIT on the same connection, unless the queue sets its own; 0 turns durable writes
   * off. When fewer replicas acknowledge within durable-timeout the call throws
   * SafeRedisQueueDurabilityException; the write stays done on the primary.
   */
  private int durableReplicas;

  /**
   * Longest a durable write waits for its replicas (WAIT's timeout), unless the queue sets its own;
   * must be shorter than the Redis client's command timeout.
   */
  private Duration durableTimeout = Duration.ofSeconds(1);

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

  @NestedConfigurationProperty
  private final SafeRedisQueueListenerProperties listener = new SafeRedisQueueListenerProperties();

  private final Metrics metrics = new Metrics();

  @NestedConfigurationProperty
  private final SafeRedisQueueHealthProperties health = new SafeRedisQueueHealthProperties();

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

  public int getDurableReplicas() {
    return durableReplicas;
  }

  public void setDurableReplicas(int durableReplicas) {
    this.durableReplicas = durableReplicas;
  }

  public Duration getDurableTimeout() {
    return durableTimeout;
  }

  public void setDurableTimeout(Duration durableTimeout) {
    this.durableTimeout = durableTimeout;
  }

  public void setQueues(Map<String, Queue> queues) {
    this.queues = queues;
  }

  public SafeRedisQueueListenerProperties getListener() {
    return listener;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public SafeRedisQueueHealthProperties getHealth() {
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

  /**
   * The own settings of a queue under {@code queues.<name>}; for a shard {@code {NAME-i}} of a
   * queue listed with more than {@code i} shards, those of {@code NAME}.
   */
  @Nullable Queue ownSettings(String queueName) {
    Queue own = queues.get(queueName);
    if (own != null) {
      return own;
    }
    return SafeRedisQueueShardNames.parseShardName(queueName)
        .map(
            shard -> {
              Queue logical = queues.get(shard.queue());
              return logical != null && logical.getShards() > shard.index() ? logical : null;
            })
        .orElse(null);
  }

  /** Number of shards of a queue: its {@code queues.<name>.shards}, else 1. */
  int shardsOf(String queueName) {
    Queue own = queues.get(queueName);
    return own == null ? 1 : own.getShards();
  }

  /** The effective settings of one queue: its own where {@code queues.<name>} sets them. */
  QueueSettings settingsFor(String queueName) {
    return QueueSettings.of(this, queueName);
  }

  @Override
  public boolean supports(Class<?> type) {
    return SafeRedisQueueProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    SafeRedisQueuePropertiesValidator.validate((SafeRedisQueueProperties) target, errors);
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

    /** Replicas each write of this queue waits for, 0 for none (durable writes off). */
    private @Nullable Integer durableReplicas;

    /** Longest a durable write of this queue waits for its replicas. */
    private @Nullable Duration durableTimeout;

    public @Nullable Integer getDurableReplicas() {
      return durableReplicas;
    }

    public void setDurableReplicas(@Nullable Integer durableReplicas) {
      this.durableReplicas = durableReplicas;
    }

    public @Nullable Duration getDurableTimeout() {
      return durableTimeout;
    }

    public void setDurableTimeout(@Nullable Duration durableTimeout) {
      this.durableTimeout = durableTimeout;
    }

    /**
     * Number of queues this queue is spread over, 1 to 1024. Above 1 the queue is a sharded queue
     * whose shards are the queues {NAME-0} to {NAME-(shards-1)}, each in its own Redis Cluster hash
     * slot; the name must then contain no braces.
     */
    private int shards = 1;

    public int getShards() {
      return shards;
    }

    public void setShards(int shards) {
      this.shards = shards;
    }

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
}

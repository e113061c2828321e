package io.saferedisqueue.core;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.core.redis.Checks;
import io.saferedisqueue.core.redis.Durability;
import io.saferedisqueue.core.redis.HashTags;
import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.redis.RedisEndpoint;
import io.saferedisqueue.core.redis.StepBudget;
import io.saferedisqueue.core.shard.SafeRedisQueueShards;
import io.saferedisqueue.observation.SafeRedisQueuePushObservationConvention;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.unit.DataSize;

/**
 * Optional settings of a {@link SafeRedisQueue}, from {@link
 * SafeRedisQueue#builder(RedisConnectionFactory)} or {@link SafeRedisQueue#builder(String)}. Every
 * setter checks its value at once and throws {@link IllegalArgumentException} naming it.
 */
public final class SafeRedisQueueBuilder {

  /** The default of {@link SafeRedisQueueBuilder#maxPendingPushes}. */
  public static final int DEFAULT_MAX_PENDING_PUSHES = 10_000;

  /**
   * The default of {@link SafeRedisQueueBuilder#maxPayloadSize}: 1 MB. Far below Redis' 512 MB bulk
   * limit, and what keeps one script short: Redis copies a payload into the push script and out of
   * the pop script in its single thread, a few milliseconds per megabyte (see the README's capacity
   * figures), while it serves no one else.
   */
  public static final DataSize DEFAULT_MAX_PAYLOAD_SIZE = DataSize.ofMegabytes(1);

  final @Nullable RedisConnectionFactory connectionFactory;
  final @Nullable RedisUrl url;
  String name = SafeRedisQueue.DEFAULT_NAME;
  @Nullable Duration autocleanInterval = SafeRedisQueue.DEFAULT_AUTOCLEAN_INTERVAL;
  PayloadSerializer serializer = PayloadSerializer.defaultSerializer();
  Duration commandTimeout = Duration.ofSeconds(60);
  int maxDeliveries;
  int maxPendingPushes = DEFAULT_MAX_PENDING_PUSHES;
  DataSize maxPayloadSize = DEFAULT_MAX_PAYLOAD_SIZE;
  EvictionPolicyCheck evictionPolicyCheck = EvictionPolicyCheck.WARN;
  int durableReplicas;
  Duration durableTimeout = Durability.DEFAULT_TIMEOUT;

  /** What one step of a long job may do; tests make it smaller or larger to see the steps. */
  StepBudget stepBudget = StepBudget.DEFAULT;

  SafeRedisQueueMetrics metrics = SafeRedisQueueMetrics.none();
  ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
  @Nullable SafeRedisQueuePushObservationConvention pushConvention;
  boolean recordPushTime;
  boolean transactionAware;

  SafeRedisQueueBuilder(
      @Nullable RedisConnectionFactory connectionFactory, @Nullable RedisUrl url) {
    this.connectionFactory = connectionFactory;
    this.url = url;
  }

  /**
   * Queue name, the {@code NAME} of the keys {@code srq:NAME:*} (default {@code "0"}). On Redis
   * Cluster it must have a hash tag, a non-empty {@code {...}} part such as {@code {orders}}, so
   * that every key of the queue is in one slot: {@link #build()} refuses another name on a
   * cluster-aware connection factory (Python clients sharing the queue use the same name).
   *
   * @throws IllegalArgumentException when the name is null or blank
   */
  public SafeRedisQueueBuilder name(String name) {
    this.name = Checks.name(name);
    return this;
  }

  /**
   * The queue name set so far ({@value SafeRedisQueue#DEFAULT_NAME} until {@link #name} is called).
   */
  public String getName() {
    return name;
  }

  /**
   * Autoclean interval (default 60 s): how long the rotation lock lasts, so an item popped and
   * never acked is requeued after one to two intervals.
   *
   * @throws IllegalArgumentException when the interval is null, zero or negative
   */
  public SafeRedisQueueBuilder autocleanInterval(Duration interval) {
    this.autocleanInterval = Checks.interval(interval);
    return this;
  }

  /**
   * Turns autoclean off (the Python library's {@code autoclean_interval=None}): crashed consumers'
   * items stay in flight until something runs a rotation.
   */
  public SafeRedisQueueBuilder disableAutoclean() {
    this.autocleanInterval = null;
    return this;
  }

  /**
   * Most {@link SafeRedisQueue#pushAsync(byte[]) asynchronous pushes} unfinished at once (default
   * {@value #DEFAULT_MAX_PENDING_PUSHES}); beyond it, {@code pushAsync} waits.
   *
   * @throws IllegalArgumentException when below 1
   */
  public SafeRedisQueueBuilder maxPendingPushes(int maxPendingPushes) {
    if (maxPendingPushes < 1) {
      throw new IllegalArgumentException("maxPendingPushes must be >= 1, was " + maxPendingPushes);
    }
    this.maxPendingPushes = maxPendingPushes;
    return this;
  }

  /**
   * Largest payload a push accepts (default {@link #DEFAULT_MAX_PAYLOAD_SIZE}, 1 MB); a larger one
   * is refused with {@link IllegalArgumentException} before anything is sent. Redis itself refuses
   * a value over its {@code proto-max-bulk-len} (512 MB by default); long before that, each copy of
   * a big payload (into the push script, out of the pop script) holds up Redis for everyone, a few
   * milliseconds per megabyte.
   *
   * @throws IllegalArgumentException when null, below 1 byte or above 512 MB
   */
  public SafeRedisQueueBuilder maxPayloadSize(DataSize maxPayloadSize) {
    this.maxPayloadSize = Checks.maxPayloadSize(maxPayloadSize);
    return this;
  }

  /**
   * What the queue does when its Redis may evict keys (default {@link EvictionPolicyCheck#WARN}:
   * one warning per connection factory). With {@link EvictionPolicyCheck#FAIL}, {@link #build()}
   * reads the policy at once and throws {@link SafeRedisQueueConfigurationException} for an
   * evicting one (when Redis cannot be reached then, the first operation checks instead).
   */
  public SafeRedisQueueBuilder evictionPolicyCheck(EvictionPolicyCheck check) {
    this.evictionPolicyCheck = Objects.requireNonNull(check, "evictionPolicyCheck");
    return this;
  }

  /**
   * Durable writes (default 0: off): with {@code n > 0}, every push, ack, fail, dead-lettering and
   * hand-off of this queue waits after its script until {@code n} replicas of the primary that ran
   * it have the write ({@code WAIT n timeout} on the same connection), at most the {@link
   * #durableTimeout durable timeout}; when fewer acknowledge in time the call throws {@link
   * SafeRedisQueueDurabilityException}, the write having taken effect on the primary. This narrows
   * Redis' asynchronous replication window; it does not make Redis strongly consistent (a failover
   * may still promote a replica that lacks a write if the ones that had it fail too). Needs a
   * Lettuce connection factory.
   *
   * @throws IllegalArgumentException when negative
   */
  public SafeRedisQueueBuilder durableReplicas(int replicas) {
    this.durableReplicas = Checks.durableReplicas(replicas);
    return this;
  }

  /**
   * Longest a durable write waits for its replicas (default 1 s), sent as {@code WAIT}'s timeout in
   * milliseconds. It must stay below the client's command timeout. While a write waits, the
   * commands behind it on the same shared connection wait too.
   *
   * @throws IllegalArgumentException when null, below 1 ms or above 1 hour
   */
  public SafeRedisQueueBuilder durableTimeout(Duration timeout) {
    this.durableTimeout = Checks.durableTimeout(timeout);
    return this;
  }

  /** Sets {@link #stepBudget}; for tests. */
  SafeRedisQueueBuilder stepBudget(int items, Duration time) {
    this.stepBudget =
        new StepBudget(Checks.max(items), Checks.positive("time", time).toNanos() / 1000);
    return this;
  }

  /**
   * Maximum deliveries per item (default 0: unlimited, the Python library's behaviour). An item
   * failed on its last allowed delivery, or popped once more after it (its consumers kept
   * vanishing), becomes a {@link DeadLetter} instead of looping forever.
   *
   * @throws IllegalArgumentException when negative
   */
  public SafeRedisQueueBuilder maxDeliveries(int maxDeliveries) {
    this.maxDeliveries = Checks.maxDeliveries(maxDeliveries);
    return this;
  }

  /** Serializer for {@link SafeRedisQueue#pushValue} and {@link SafeRedisQueue#read}. */
  public SafeRedisQueueBuilder serializer(PayloadSerializer serializer) {
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    return this;
  }

  /**
   * Command timeout of the connection built from a url (default 60 s); ignored otherwise.
   *
   * @throws IllegalArgumentException when not positive
   */
  public SafeRedisQueueBuilder commandTimeout(Duration timeout) {
    this.commandTimeout = Checks.positive("commandTimeout", timeout);
    return this;
  }

  /**
   * Where the queue reports pushed, delivered, acked, failed, dead-lettered and requeued items
   * (default {@link SafeRedisQueueMetrics#none()}).
   */
  public SafeRedisQueueBuilder metrics(SafeRedisQueueMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /**
   * Registry of the push observations (default {@link ObservationRegistry#NOOP}: none). With
   * tracing handlers, each push is a producer span whose context is stored with the items in {@code
   * srq:NAME:headers} (never in the payload) for the listener to continue the trace.
   */
  public SafeRedisQueueBuilder observationRegistry(ObservationRegistry observationRegistry) {
    this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
    return this;
  }

  /** Convention of the push observations (default {@code saferedisqueue.push}). */
  public SafeRedisQueueBuilder observationConvention(
      @Nullable SafeRedisQueuePushObservationConvention convention) {
    this.pushConvention = convention;
    return this;
  }

  /**
   * Whether each push stores its time in {@code srq:NAME:headers} (default false), so that {@link
   * SafeRedisQueueAdmin#stats()} knows the age of the oldest waiting item. It costs one more hash
   * field per item, deleted on ack; observed pushes that carry a trace context store it anyway.
   */
  public SafeRedisQueueBuilder recordPushTime(boolean recordPushTime) {
    this.recordPushTime = recordPushTime;
    return this;
  }

  /**
   * Whether pushes follow the Spring transaction of the calling thread (default false). When true,
   * a push made while a transaction with synchronization is active (for example inside a
   * {@code @Transactional} method) gets its uid at once but is sent only after the transaction
   * commits, and never when it rolls back; outside a transaction it is sent at once. A crash
   * between the commit and the push loses the push: use an outbox table where that matters. A push
   * that fails after the commit throws from the commit (the data is already committed); {@code
   * pushAsync}'s future completes once the item is stored, or fails when the transaction did not
   * commit.
   */
  public SafeRedisQueueBuilder transactionAware(boolean transactionAware) {
    this.transactionAware = transactionAware;
    return this;
  }

  /**
   * Creates a {@link SafeRedisQueueShards sharded queue} of {@code shardCount} queues with these
   * settings, named {@code {NAME-0}} to {@code {NAME-(shardCount-1)}} after this builder's name
   * ({@code NAME} must not contain braces); with a url, each shard opens its own connection
   * factory. Closing the sharded queue closes them.
   *
   * @throws IllegalArgumentException when the name has a brace or the count is not 1 to {@value
   *     SafeRedisQueueShards#MAX_SHARDS}
   */
  public SafeRedisQueueShards buildShards(int shardCount) {
    return SafeRedisQueueShards.build(this, shardCount);
  }

  /**
   * Creates the queue; with a url, this opens the connection factory.
   *
   * @throws SafeRedisQueueConfigurationException with {@link EvictionPolicyCheck#FAIL}, when Redis
   *     answers and may evict keys; on a cluster-aware connection factory, when the name has no
   *     hash tag; with durable writes, when the connection factory is not Lettuce or its command
   *     timeout is not longer than the durable timeout
   */
  public SafeRedisQueue build() {
    Durability durability = new Durability(durableReplicas, durableTimeout);
    QueueRedis redis;
    if (url != null) {
      LettuceConnectionFactory owned = url.createConnectionFactory(commandTimeout);
      try {
        checkConnectionFactory(owned, durability);
      } catch (SafeRedisQueueConfigurationException ex) {
        owned.destroy();
        throw ex;
      }
      redis =
          new QueueRedis(
              name,
              owned,
              owned,
              new RedisEndpoint(url.endpoint()),
              evictionPolicyCheck,
              durability);
    } else {
      RedisConnectionFactory factory = Objects.requireNonNull(connectionFactory);
      checkConnectionFactory(factory, durability);
      redis =
          new QueueRedis(
              name, factory, null, RedisEndpoint.of(factory), evictionPolicyCheck, durability);
    }
    if (evictionPolicyCheck == EvictionPolicyCheck.FAIL) {
      try {
        redis.server();
      } catch (SafeRedisQueueConnectionException ex) {
        // Not reachable yet: the first operation checks, as every operation needs Redis anyway.
      } catch (SafeRedisQueueConfigurationException ex) {
        redis.close();
        throw ex;
      }
    }
    SafeRedisQueue queue = new SafeRedisQueue(this, redis);
    metrics.queueCreated(queue);
    return queue;
  }

  private void checkConnectionFactory(RedisConnectionFactory factory, Durability durability) {
    boolean lettuce = factory instanceof LettuceConnectionFactory;
    if (lettuce && ((LettuceConnectionFactory) factory).isClusterAware()) {
      HashTags.requireTag(name);
    }
    if (!durability.on()) {
      return;
    }
    if (!lettuce) {
      throw new SafeRedisQueueConfigurationException(
          "Queue '"
              + name
              + "' asks for durable writes (durableReplicas "
              + durability.replicas()
              + "), which need a LettuceConnectionFactory; the connection factory is a "
              + factory.getClass().getName()
              + ". Use Lettuce, or durableReplicas 0.");
    }
    long clientTimeout = ((LettuceConnectionFactory) factory).getTimeout();
    if (clientTimeout <= durability.timeout().toMillis()) {
      throw new SafeRedisQueueConfigurationException(
          "Queue '"
              + name
              + "': the durable timeout ("
              + durability.timeout().toMillis()
              + " ms) must be shorter than the client's command timeout ("
              + clientTimeout
              + " ms), or the client would give up on WAIT before Redis answers. Lower the durable"
              + " timeout or raise the command timeout.");
    }
  }
}

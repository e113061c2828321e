package io.saferedisqueue.core;

import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.support.HandOff;
import io.saferedisqueue.core.support.QueueConsumer;
import io.saferedisqueue.core.support.QueueProducer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * A reliable FIFO work queue on Redis with the semantics and the data layout of the Python library
 * {@code saferedisqueue}: {@link #push push} an item and get its uid, {@link #pop pop} it, then
 * {@link #ack ack} it when done or {@link #fail fail} it to requeue it. Python and Java producers
 * and consumers can share one queue.
 *
 * <p><b>Guarantees.</b> Every step that touches several keys is one Lua script, so it is atomic:
 * push (payload and uid together), the non-blocking pop (move, count and fetch), ack, fail and each
 * step of the autoclean rotation (big backlogs move in steps of 1,000, so no script holds up Redis
 * for long). Delivery is at-least-once: an item popped and never acked or failed (its consumer
 * crashed) stays in flight and is requeued by the autoclean rotation after one to two intervals.
 * Any number of threads and processes may share an instance or a queue.
 *
 * <p><b>Capacity.</b> A full Redis refuses pushes ({@link SafeRedisQueueFullException}, nothing
 * stored) while consumers drain it; a key of another type fails with {@link
 * SafeRedisQueueConfigurationException}, changing nothing; see {@link SafeRedisQueueBuilder} for
 * eviction checks and payload limits.
 *
 * <p><b>Autoclean.</b> As in the Python library, every pop first tries a rotation (here at most a
 * few times per second per instance; the rotation's own lock limits it to one per interval across
 * all consumers). {@link #admin()}{@code .autoclean()} runs one attempt now, for schedulers.
 *
 * <p><b>Views.</b> {@link #deadLetters()} for dead letters, {@link #admin()} for maintenance and
 * inspection, {@link #settings()} for what the queue was built with.
 *
 * <p><b>Connections.</b> Commands share the factory's connection (with Lettuce, one pipelining
 * connection); blocking pops wait on dedicated connections this instance reuses, one per blocked
 * thread, so a blocked pop never stalls other commands.
 *
 * <p><b>Cluster and durable writes.</b> On a cluster the name needs a hash tag ({@code {orders}}),
 * so every key shares one slot; the builder refuses another. {@link
 * SafeRedisQueueBuilder#durableReplicas Durable writes} make pushes, acks, fails, dead-lettering
 * and hand-offs wait for replicas ({@code WAIT}) or throw {@link
 * SafeRedisQueueDurabilityException}.
 *
 * <p><b>Transactions.</b> A {@link SafeRedisQueueBuilder#transactionAware transaction-aware} queue
 * sends a push made inside a Spring transaction after it commits, never on rollback.
 *
 * <p>Create one with {@link #builder(RedisConnectionFactory)}, {@link #builder(String)} for a url,
 * or the shortcuts {@link #create(RedisConnectionFactory)} and {@link #fromUrl(String)}; close it
 * to release its blocking connections (and the connection factory it built from a url).
 */
public final class SafeRedisQueue extends InFlightOperations
    implements SafeRedisQueueOperations, AutoCloseable {

  /** Name of the queue when none is given, as in the Python library. */
  public static final String DEFAULT_NAME = "0";

  /** Autoclean interval when none is given, as in the Python library. */
  public static final Duration DEFAULT_AUTOCLEAN_INTERVAL = Duration.ofSeconds(60);

  private final String name;
  private final SafeRedisQueueSettings settings;
  private final QueueRedis redis;
  private final QueueProducer producer;
  private final QueueConsumer consumer;
  private final SafeRedisQueueDeadLetters deadLetters;
  private final SafeRedisQueueAdmin admin;
  private final HandOff handOff;

  SafeRedisQueue(SafeRedisQueueBuilder builder, QueueRedis redis) {
    this(
        builder.name,
        new SafeRedisQueueSettings(builder),
        redis,
        QueueRoles.assemble(builder, redis));
  }

  private SafeRedisQueue(
      String name, SafeRedisQueueSettings settings, QueueRedis redis, QueueRoles roles) {
    super(name, roles.inFlight(), settings.maxDeliveries());
    this.name = name;
    this.settings = settings;
    this.redis = redis;
    this.admin = roles.admin();
    this.deadLetters = roles.deadLetters();
    this.producer = roles.producer();
    this.consumer = roles.consumer();
    this.handOff = roles.handOff();
  }

  /** A queue named {@value #DEFAULT_NAME} on this connection factory, with the defaults. */
  public static SafeRedisQueue create(RedisConnectionFactory connectionFactory) {
    return builder(connectionFactory).build();
  }

  /** A queue named {@value #DEFAULT_NAME} on the Redis at this url, with the defaults. */
  public static SafeRedisQueue fromUrl(String url) {
    return builder(url).build();
  }

  /** Builder for a queue on an existing connection factory (which the queue does not close). */
  public static SafeRedisQueueBuilder builder(RedisConnectionFactory connectionFactory) {
    return new SafeRedisQueueBuilder(
        Objects.requireNonNull(connectionFactory, "connectionFactory"), null);
  }

  /**
   * Builder for a queue on the Redis at a url (see {@link RedisUrl} for the accepted forms); the
   * queue owns the connection factory it builds and closes it on {@link #close()}.
   *
   * @throws IllegalArgumentException when the url is malformed
   */
  public static SafeRedisQueueBuilder builder(String url) {
    return new SafeRedisQueueBuilder(null, RedisUrl.parse(url));
  }

  /**
   * Stores the payload and queues it; returns its new uid. Payload and uid are written in one
   * atomic step: once this returns, the item is in Redis. Pushes of concurrent threads share round
   * trips (one script carries the items of all threads waiting at that moment, in arrival order).
   *
   * @throws IllegalArgumentException when the payload is null or larger than the {@link
   *     SafeRedisQueueBuilder#maxPayloadSize maximum payload size} (nothing is sent)
   * @throws SafeRedisQueueFullException when Redis is over {@code maxmemory} and evicts nothing:
   *     nothing was stored
   * @throws SafeRedisQueueConnectionException when Redis cannot be reached
   */
  @Override
  public String push(byte[] payload) {
    return producer.push(payload, Duration.ZERO);
  }

  /** Pushes text as UTF-8, byte for byte as the Python library stores a {@code str}. */
  @Override
  public String push(String payload) {
    return producer.push(producer.encode(payload), Duration.ZERO);
  }

  /**
   * Stores the payload now and queues it once {@code delay} has passed (Redis's clock); until then
   * it waits in the delayed set, invisible to Python consumers. The next pop of any consumer of
   * this library (idle ones pop at least once a second) moves due items, atomically, exactly once.
   *
   * @throws IllegalArgumentException when the payload is null or the delay negative
   */
  @Override
  public String push(byte[] payload, Duration delay) {
    return producer.push(payload, delay);
  }

  /** Pushes text as UTF-8 once {@code delay} has passed; see {@link #push(byte[], Duration)}. */
  @Override
  public String push(String payload, Duration delay) {
    return producer.push(producer.encode(payload), delay);
  }

  /**
   * Pushes the payload so that it is queued at {@code at} (now, if that has passed); see {@link
   * #push(byte[], Duration)}. The delay is computed from this machine's clock.
   */
  @Override
  public String pushAt(byte[] payload, Instant at) {
    return producer.pushAt(payload, at);
  }

  /** Pushes a value written by this queue's {@link PayloadSerializer} (JSON by default). */
  @Override
  public String pushValue(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("value must not be null");
    }
    return push(settings.serializer().serialize(value));
  }

  /**
   * Pushes many payloads in one round trip and one atomic step, in list order (the first is
   * delivered first); returns their uids in the same order. Each payload is checked against the
   * maximum payload size before anything is sent. Redis runs the whole list as one script, so keep
   * lists to thousands of small items: a list of a million holds up Redis for about a second.
   */
  @Override
  public List<String> pushAll(List<byte[]> payloads) {
    return producer.pushAll(payloads);
  }

  /**
   * Pushes without waiting: the future completes with the new uid once the item is stored and
   * queued (one atomic step, as {@link #push(byte[])}), or fails with the reason it was not. One
   * sender thread carries every item pushed during its previous round trip in one script, in call
   * order. A future failed by a connection error does not say whether the item was stored; one
   * failed by {@link SafeRedisQueueFullException} is certainly not stored and is never retried, so
   * retries do not take the memory only consumers can free. With {@link
   * SafeRedisQueueBuilder#maxPendingPushes} unfinished, this call waits (interrupted, the future
   * fails). Callbacks without an executor run on the sender thread: keep them short.
   *
   * @throws IllegalArgumentException when the payload is null or over the maximum payload size
   * @throws IllegalStateException when the queue is closed
   */
  @Override
  public CompletableFuture<String> pushAsync(byte[] payload) {
    return producer.pushAsync(payload);
  }

  /** Pushes text as UTF-8 without waiting; see {@link #pushAsync(byte[])}. */
  @Override
  public CompletableFuture<String> pushAsync(String payload) {
    return producer.pushAsync(producer.encode(payload));
  }

  /**
   * Waits for an item as long as it takes. Returns empty only when the calling thread is
   * interrupted (its interrupt flag stays set) or the queue is closed.
   */
  @Override
  public Optional<SafeRedisQueueItem> pop() {
    return consumer.pop(Duration.ZERO);
  }

  /**
   * The Python library's {@code get(timeout)}: 0 blocks until an item comes, a positive value
   * blocks at most that many seconds, a negative value does not block.
   *
   * @throws IllegalArgumentException when the timeout is NaN
   */
  public Optional<SafeRedisQueueItem> pop(double timeoutSeconds) {
    return consumer.pop(timeoutSeconds);
  }

  /**
   * As {@link #pop(double)}: {@link Duration#ZERO} blocks until an item comes, a positive duration
   * blocks at most that long, a negative one does not block.
   */
  @Override
  public Optional<SafeRedisQueueItem> pop(Duration timeout) {
    return consumer.pop(timeout);
  }

  /** Takes an item if one is waiting, without blocking (the Python library's negative timeout). */
  @Override
  public Optional<SafeRedisQueueItem> tryPop() {
    return consumer.tryPop();
  }

  /**
   * Takes up to {@code max} waiting items in one round trip and one atomic step, without blocking;
   * they are in flight until acked or failed. It takes no further item once their payloads reach 1
   * MB (the first it always takes), so that copying them out does not hold up Redis for long.
   *
   * @throws IllegalArgumentException when max is not positive
   */
  @Override
  public List<SafeRedisQueueItem> popAvailable(int max) {
    return consumer.popAvailable(max);
  }

  /**
   * Takes up to {@code max} items: those waiting now, in one round trip; or, when none is waiting,
   * blocks up to {@code timeout} (at most about a second per call) for the next one. Returns an
   * empty list when nothing came.
   */
  @Override
  public List<SafeRedisQueueItem> popBatch(int max, Duration timeout) {
    return consumer.popBatch(max, timeout);
  }

  /**
   * {@link #ackAll} then {@link #popAvailable} in one round trip and one atomic script, without
   * blocking: a busy consumer saves the ack's round trip. If it fails, neither happened.
   *
   * <p>Durable: acks first (with their {@code WAIT}), then the take; a refusal takes nothing.
   *
   * @throws IllegalArgumentException when {@code max} is below 1 or a uid is null or blank
   */
  public List<SafeRedisQueueItem> ackAndPopAvailable(Collection<String> uids, int max) {
    return consumer.ackAndPopAvailable(uids, max);
  }

  /**
   * Acks this in-flight item and pushes {@code payload} into {@code next}: one atomic script when
   * both share this Redis and, on a cluster, the hash slot ({@code {orders}.paid}, {@code
   * {orders}.shipped}), so no step of a pipeline is lost or repeated; else push, then ack
   * (at-least-once). Returns the new uid, or empty when the uid was no longer in flight.
   */
  public Optional<String> handOff(String uid, SafeRedisQueue next, byte[] payload) {
    Objects.requireNonNull(next, "next");
    return handOff.handOff(uid, next.handOff, next::push, this::ack, payload);
  }

  /** Whether {@link #handOff} to {@code next} is one atomic script. */
  public boolean isHandOffAtomic(SafeRedisQueue next) {
    return handOff.isAtomicWith(next.handOff);
  }

  /** The dead letters of this queue: list, count, requeue, delete. */
  @Override
  public SafeRedisQueueDeadLetters deadLetters() {
    return deadLetters;
  }

  /** Maintenance and inspection: autoclean rotations, sizes, stats, headers, keys. */
  public SafeRedisQueueAdmin admin() {
    return admin;
  }

  /** This queue's stats ({@code admin().stats()}). */
  @Override
  public SafeRedisQueueStats stats() {
    return admin.stats();
  }

  /** One autoclean attempt now ({@code admin().autoclean()}). */
  @Override
  public long autoclean() {
    return admin.autoclean();
  }

  /** This queue alone: a plain queue is its own only part. */
  @Override
  public List<SafeRedisQueue> parts() {
    return List.of(this);
  }

  /** Reads an item's payload with this queue's serializer. */
  @Override
  public <T> T read(SafeRedisQueueItem item, Class<T> type) {
    return settings.serializer().deserialize(item.payload(), type);
  }

  /** This queue's name (the {@code NAME} of {@code srq:NAME:*}). */
  @Override
  public String name() {
    return name;
  }

  /** The settings this queue was built with: autoclean, deliveries, payloads, serializer. */
  @Override
  public SafeRedisQueueSettings settings() {
    return settings;
  }

  /** Where the queue's Redis is, without credentials, for messages and health details. */
  public String endpoint() {
    return redis.endpoint().description();
  }

  /**
   * Sends the asynchronous pushes still waiting (at most 5 s; later ones fail, not stored), then
   * releases the blocking connections and a connection factory built from a url. Threads blocked in
   * {@link #pop()} return within about a second.
   */
  @Override
  public void close() {
    producer.close();
    redis.close();
  }

  @Override
  public String toString() {
    return "SafeRedisQueue[name=" + name + ", redis=" + endpoint() + "]";
  }
}

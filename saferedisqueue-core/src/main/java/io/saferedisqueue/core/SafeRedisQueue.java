package io.saferedisqueue.core;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.observation.SafeRedisQueuePushObservationConvention;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisListCommands.Direction;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * A reliable FIFO work queue on Redis with the semantics and the data layout of the Python library
 * {@code saferedisqueue}: {@link #push push} an item and get its uid, {@link #pop pop} it, then
 * {@link #ack ack} it when done or {@link #fail fail} it to requeue it. Python and Java producers
 * and consumers can share one queue.
 *
 * <p><b>Guarantees.</b> Every step that touches several keys is one Lua script, so it is atomic:
 * push (payload and uid together), the non-blocking pop (move and fetch), ack, fail and the
 * autoclean rotation. Delivery is at-least-once: an item popped and never acked or failed (its
 * consumer crashed) stays in flight and is requeued by the autoclean rotation after one to two
 * intervals. Any number of threads and processes may share an instance or a queue.
 *
 * <p><b>Autoclean.</b> As in the Python library, every pop first tries a rotation (here at most a
 * few times per second per instance; the rotation's own lock limits it to one per interval across
 * all consumers). {@link #autoclean()} runs one attempt now, for schedulers.
 *
 * <p><b>Connections.</b> Commands go through a {@link RedisTemplate} on the given connection
 * factory (with Lettuce, one shared, pipelining connection). Blocking pops wait on dedicated
 * connections that this instance keeps and reuses, one per concurrently blocked thread, so a
 * blocked pop never stalls other commands and no TCP connection is opened per pop.
 *
 * <p><b>Metrics and tracing</b> are off unless the builder is given a {@link SafeRedisQueueMetrics}
 * (counts of pushed, delivered, acked, failed, dead-lettered and requeued items), an {@code
 * ObservationRegistry} (each push observed; with tracing, the trace context is stored beside the
 * item in {@code srq:NAME:headers}, never in the payload) or {@link Builder#recordPushTime
 * push-time recording} (for the age of the oldest waiting item in {@link #stats()}). Off, they cost
 * nothing.
 *
 * <p>Create one with {@link #builder(RedisConnectionFactory)}, {@link #builder(String)} for a url,
 * or the shortcuts {@link #create(RedisConnectionFactory)} and {@link #fromUrl(String)}; close it
 * to release its blocking connections (and the connection factory it built from a url).
 */
public final class SafeRedisQueue implements AutoCloseable {

  /** Name of the queue when none is given, as in the Python library. */
  public static final String DEFAULT_NAME = "0";

  /** Autoclean interval when none is given, as in the Python library. */
  public static final Duration DEFAULT_AUTOCLEAN_INTERVAL = Duration.ofSeconds(60);

  /** The default of {@link Builder#maxPendingPushes}. */
  public static final int DEFAULT_MAX_PENDING_PUSHES = 10_000;

  private static final Duration MAX_BLOCK_SLICE = Duration.ofSeconds(1);
  private static final byte[] NO_DELAY = {'0'};
  private static final Duration MAX_AUTOCLEAN_CHECK = Duration.ofSeconds(1);

  private final String name;
  private final SafeRedisQueueKeys keys;
  private final RedisConnectionFactory connectionFactory;
  private final @Nullable LettuceConnectionFactory ownedConnectionFactory;
  private final RedisTemplate<String, byte[]> template;
  private final @Nullable Duration autocleanInterval;
  private final PayloadSerializer serializer;
  private final String endpoint;
  private final Duration blockSlice;
  private final long autocleanCheckNanos;
  private final byte[] queueKey;
  private final byte[] ackbufKey;
  private final List<String> pushKeys;
  private final List<String> popKeys;
  private final List<String> ackKeys;
  private final List<String> failKeys;
  private final List<String> autocleanKeys;
  private final List<String> sizeKeys;
  private final List<String> deadLetterKeys;
  private final List<String> requeueDeadKeys;
  private final List<String> deleteDeadKeys;
  private final List<String> renewKeys;
  private final int maxDeliveries;
  private final int maxPendingPushes;
  private final byte[] maxDeliveriesArg;
  private final ConcurrentLinkedDeque<RedisConnection> blockingConnections =
      new ConcurrentLinkedDeque<>();
  private final PushCombiner pushCombiner;
  private volatile long nextAutocleanAttempt = System.nanoTime();
  private volatile boolean closed;

  // Metrics and tracing: see the section "observability" below.
  private final SafeRedisQueueMetrics.Recorder recorder;
  private final QueueObservability observability;
  private final List<String> pushWithHeadersKeys;
  private final List<String> statsKeys;
  private final List<String> pruneHeadersKeys;

  private SafeRedisQueue(
      Builder builder,
      RedisConnectionFactory factory,
      @Nullable LettuceConnectionFactory owned,
      String endpoint) {
    this.name = builder.name;
    this.keys = SafeRedisQueueKeys.forName(name);
    this.connectionFactory = factory;
    this.ownedConnectionFactory = owned;
    this.autocleanInterval = builder.autocleanInterval;
    this.serializer = builder.serializer;
    this.endpoint = endpoint;
    this.template = createTemplate(factory);
    this.blockSlice = blockSlice(factory);
    this.autocleanCheckNanos =
        autocleanInterval == null
            ? Long.MAX_VALUE
            : Math.min(autocleanInterval.toNanos() / 4, MAX_AUTOCLEAN_CHECK.toNanos());
    this.queueKey = bytes(keys.queue());
    this.ackbufKey = bytes(keys.ackbuf());
    this.maxDeliveries = builder.maxDeliveries;
    this.maxPendingPushes = builder.maxPendingPushes;
    this.maxDeliveriesArg = bytes(Integer.toString(maxDeliveries));
    this.pushKeys = List.of(keys.items(), keys.queue(), keys.delayed());
    this.popKeys =
        List.of(
            keys.items(),
            keys.queue(),
            keys.ackbuf(),
            keys.delayed(),
            keys.deliveries(),
            keys.dead(),
            keys.deadItems(),
            keys.deadInfo(),
            keys.headers());
    this.ackKeys =
        List.of(keys.ackbuf(), keys.backup(), keys.items(), keys.deliveries(), keys.headers());
    this.failKeys =
        List.of(
            keys.ackbuf(),
            keys.backup(),
            keys.queue(),
            keys.delayed(),
            keys.items(),
            keys.deliveries(),
            keys.dead(),
            keys.deadItems(),
            keys.deadInfo(),
            keys.headers());
    this.autocleanKeys = List.of(keys.backupLock(), keys.backup(), keys.queue(), keys.ackbuf());
    this.sizeKeys =
        List.of(keys.queue(), keys.ackbuf(), keys.backup(), keys.delayed(), keys.dead());
    this.deadLetterKeys =
        List.of(
            keys.ackbuf(),
            keys.backup(),
            keys.items(),
            keys.deliveries(),
            keys.dead(),
            keys.deadItems(),
            keys.deadInfo(),
            keys.headers());
    this.requeueDeadKeys =
        List.of(keys.dead(), keys.deadItems(), keys.deadInfo(), keys.items(), keys.queue());
    this.deleteDeadKeys = List.of(keys.dead(), keys.deadItems(), keys.deadInfo());
    this.renewKeys = List.of(keys.ackbuf(), keys.backup());
    this.pushCombiner =
        new PushCombiner(this::sendPushes, "saferedisqueue-push-" + name, builder.maxPendingPushes);
    this.recorder = Objects.requireNonNull(builder.metrics.recorder(name), "metrics recorder");
    this.observability =
        new QueueObservability(
            name, builder.observationRegistry, builder.pushConvention, builder.recordPushTime);
    this.pushWithHeadersKeys = List.of(keys.items(), keys.queue(), keys.delayed(), keys.headers());
    this.statsKeys =
        List.of(
            keys.queue(),
            keys.ackbuf(),
            keys.backup(),
            keys.delayed(),
            keys.dead(),
            keys.headers());
    this.pruneHeadersKeys = List.of(keys.headers(), keys.items(), keys.extra("headerscursor"));
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
  public static Builder builder(RedisConnectionFactory connectionFactory) {
    return new Builder(Objects.requireNonNull(connectionFactory, "connectionFactory"), null);
  }

  /**
   * Builder for a queue on the Redis at a url (see {@link RedisUrl} for the accepted forms); the
   * queue owns the connection factory it builds and closes it on {@link #close()}.
   *
   * @throws IllegalArgumentException when the url is malformed
   */
  public static Builder builder(String url) {
    return new Builder(null, RedisUrl.parse(url));
  }

  // ---------------------------------------------------------------- push

  /**
   * Stores the payload and queues it; returns its new uid. The payload and the uid are written in
   * one atomic step: once this returns, the item is in Redis. Pushes of concurrent threads share
   * round trips (one script carries the items of all threads waiting at that moment, in arrival
   * order), so many producer threads cost Redis far less than one script each.
   *
   * @throws IllegalArgumentException when the payload is null
   * @throws SafeRedisQueueConnectionException when Redis cannot be reached
   */
  public String push(byte[] payload) {
    return push(payload, Duration.ZERO);
  }

  /**
   * Stores the payload now and queues it once {@code delay} has passed (by the Redis server's
   * clock); until then it waits in the delayed set, invisible to Python consumers. Due items are
   * moved into the queue by the next pop of any consumer of this library (an idle consumer pops at
   * least once a second), atomically and exactly once.
   *
   * @throws IllegalArgumentException when the payload is null or the delay negative
   */
  public String push(byte[] payload, Duration delay) {
    checkPayload(payload);
    String uid = newUid();
    byte[] delayArg = delayArg(delay);
    observability.push(
        1,
        headers -> {
          if (headers.length == 0 && delay.isZero()) {
            pushCombiner.push(bytes(uid), payload);
          } else {
            runPushScript(headers, new Object[] {delayArg, bytes(uid), payload});
          }
        });
    recorder.pushed(1);
    return uid;
  }

  /**
   * Pushes without waiting: returns a future of the new uid that completes once the item is stored
   * and queued (in one atomic step, as {@link #push(byte[])}), or exceptionally with the reason it
   * could not be. The queue's sender thread carries all the items pushed while its previous round
   * trip was under way in one script, so one thread keeping many pushes in flight reaches batch
   * throughput without building batches itself. Items are queued in the order of the calls.
   *
   * <p>A future that completed exceptionally with a connection error does not say whether Redis
   * stored the item (the reply may be what was lost); nothing is dropped silently. Callbacks added
   * without an executor run on the sender thread: keep them short. When pushes are observed, the
   * observation starts in the calling thread (so it joins the caller's trace) and stops when the
   * future completes; pushes that carry a trace context of their own are sent one script each.
   *
   * <p>While {@link Builder#maxPendingPushes} asynchronous pushes are unfinished (Redis slow or
   * unreachable), this call waits for one of them to finish, so a fast producer cannot fill the
   * heap; if the thread is interrupted while it waits, the future fails and nothing is pushed.
   *
   * @throws IllegalArgumentException when the payload is null
   * @throws IllegalStateException when the queue is closed
   */
  public CompletableFuture<String> pushAsync(byte[] payload) {
    checkPayload(payload);
    if (closed) {
      throw new IllegalStateException(
          "queue '" + name + "' is closed; pushAsync needs an open queue");
    }
    String uid = newUid();
    byte[] uidBytes = bytes(uid);
    return observability
        .pushAsync(
            headers -> {
              try {
                return pushCombiner.pushAsync(headers, uidBytes, payload);
              } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(
                    new SafeRedisQueueException(
                        "Interrupted while waiting for room among the "
                            + maxPendingPushes
                            + " unfinished async pushes of queue '"
                            + name
                            + "'; the item was not pushed",
                        ex));
              }
            })
        .thenApply(
            stored -> {
              recorder.pushed(1);
              return uid;
            });
  }

  /** Pushes text as UTF-8 without waiting; see {@link #pushAsync(byte[])}. */
  public CompletableFuture<String> pushAsync(String payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null (push a String or byte[])");
    }
    return pushAsync(payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Runs the push script for these header lines and {@code uid1, payload1, ...}, no delay. */
  private void sendPushes(byte[] headers, Object[] uidsAndPayloads) {
    Object[] args = new Object[uidsAndPayloads.length + 1];
    args[0] = NO_DELAY;
    System.arraycopy(uidsAndPayloads, 0, args, 1, uidsAndPayloads.length);
    runPushScript(headers, args);
  }

  /** Pushes text as UTF-8 once {@code delay} has passed; see {@link #push(byte[], Duration)}. */
  public String push(String payload, Duration delay) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null (push a String or byte[])");
    }
    return push(payload.getBytes(StandardCharsets.UTF_8), delay);
  }

  /**
   * Pushes the payload so that it is queued at {@code at} (now, if that has passed); see {@link
   * #push(byte[], Duration)}. The delay is computed from this machine's clock.
   */
  public String pushAt(byte[] payload, java.time.Instant at) {
    Objects.requireNonNull(at, "at");
    Duration delay = Duration.between(java.time.Instant.now(), at);
    return push(payload, delay.isNegative() ? Duration.ZERO : delay);
  }

  /** Pushes text as UTF-8, byte for byte as the Python library stores a {@code str}. */
  public String push(String payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null (push a String or byte[])");
    }
    return push(payload.getBytes(StandardCharsets.UTF_8));
  }

  /** The maximum deliveries per item, 0 for unlimited. */
  public int maxDeliveries() {
    return maxDeliveries;
  }

  /** Pushes a value written by this queue's {@link PayloadSerializer} (JSON by default). */
  public String pushValue(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("value must not be null");
    }
    return push(serializer.serialize(value));
  }

  /**
   * Pushes many payloads in one round trip and one atomic step, in list order (the first is
   * delivered first); returns their uids in the same order.
   */
  public List<String> pushAll(List<byte[]> payloads) {
    Objects.requireNonNull(payloads, "payloads");
    if (payloads.isEmpty()) {
      return List.of();
    }
    List<String> uids = new ArrayList<>(payloads.size());
    Object[] args = new Object[payloads.size() * 2 + 1];
    args[0] = delayArg(Duration.ZERO);
    for (int i = 0; i < payloads.size(); i++) {
      byte[] payload = payloads.get(i);
      if (payload == null) {
        throw new IllegalArgumentException("payloads[" + i + "] must not be null");
      }
      String uid = newUid();
      uids.add(uid);
      args[2 * i + 1] = bytes(uid);
      args[2 * i + 2] = payload;
    }
    observability.push(payloads.size(), headers -> runPushScript(headers, args));
    recorder.pushed(payloads.size());
    return uids;
  }

  // ---------------------------------------------------------------- pop

  /**
   * Waits for an item as long as it takes. Returns empty only when the calling thread is
   * interrupted (its interrupt flag stays set) or the queue is closed.
   */
  public Optional<SafeRedisQueueItem> pop() {
    return pop(Duration.ZERO);
  }

  /**
   * The Python library's {@code get(timeout)}: 0 blocks until an item comes, a positive value
   * blocks at most that many seconds, a negative value does not block.
   *
   * @throws IllegalArgumentException when the timeout is NaN
   */
  public Optional<SafeRedisQueueItem> pop(double timeoutSeconds) {
    if (Double.isNaN(timeoutSeconds)) {
      throw new IllegalArgumentException(
          "timeout must be a number of seconds (0 = forever, < 0 = no wait), was NaN");
    }
    if (timeoutSeconds < 0) {
      return pop(Duration.ofNanos(-1));
    }
    if (timeoutSeconds == 0 || Double.isInfinite(timeoutSeconds)) {
      return pop(Duration.ZERO);
    }
    return pop(Duration.ofNanos(Math.max(1, (long) (timeoutSeconds * 1e9))));
  }

  /**
   * As {@link #pop(double)}: {@link Duration#ZERO} blocks until an item comes, a positive duration
   * blocks at most that long, a negative one does not block.
   */
  public Optional<SafeRedisQueueItem> pop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      return tryPop();
    }
    boolean forever = timeout.isZero();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!closed) {
      // One script moves due delayed items, then moves, counts and fetches an item; only an
      // empty queue needs the blocking wait, after which the script runs again.
      Optional<SafeRedisQueueItem> ready = tryPop();
      if (ready.isPresent()) {
        return ready;
      }
      long remaining = forever ? blockSlice.toNanos() : deadline - System.nanoTime();
      if (remaining <= 0) {
        return Optional.empty();
      }
      List<SafeRedisQueueItem> taken =
          blockingTake(1, Duration.ofNanos(Math.min(remaining, blockSlice.toNanos())));
      if (!taken.isEmpty()) {
        return Optional.of(taken.get(0));
      }
      if (Thread.currentThread().isInterrupted()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Takes an item if one is waiting, without blocking (the Python library's negative timeout). */
  public Optional<SafeRedisQueueItem> tryPop() {
    maybeAutoclean();
    List<SafeRedisQueueItem> items = popAvailable(1);
    return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
  }

  /**
   * Takes up to {@code max} waiting items in one round trip and one atomic step, without blocking;
   * they are in flight until acked or failed.
   *
   * @throws IllegalArgumentException when max is not positive
   */
  public List<SafeRedisQueueItem> popAvailable(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    List<?> reply =
        execute(
            () ->
                template.execute(
                    SafeRedisQueueScripts.POP,
                    popKeys,
                    bytes(Integer.toString(max)),
                    maxDeliveriesArg));
    return recordDelivered(reply, toItems(reply));
  }

  /**
   * Takes up to {@code max} items: those waiting now, in one round trip; or, when none is waiting,
   * blocks up to {@code timeout} for the next one. Returns an empty list when nothing came.
   */
  public List<SafeRedisQueueItem> popBatch(int max, Duration timeout) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    maybeAutoclean();
    if (timeout.isNegative() || timeout.isZero()) {
      return popAvailable(max);
    }
    // Blocking first costs nothing with a backlog (BLMOVE returns at once, and the pop script
    // then takes up to max - 1 more), and saves a round trip per item when the queue runs empty.
    // A wait longer than a slice would risk the client's command timeout; the caller loops.
    Duration wait = timeout.compareTo(blockSlice) < 0 ? timeout : blockSlice;
    List<SafeRedisQueueItem> items = blockingTake(max, wait);
    // Nothing came: items whose delay is over are only moved by the pop script.
    return items.isEmpty() ? popAvailable(max) : items;
  }

  /**
   * Waits on a dedicated connection for the next item, at most {@code timeout}: BLMOVE moves its
   * uid from the queue to the ack buffer (so one waiting consumer wakes per item, as with the
   * Python library's BRPOPLPUSH), then the pop script counts that delivery, fetches the payload and
   * takes up to {@code max - 1} more waiting items. Between the two the uid is in flight,
   * uncounted: if the process dies there, autoclean requeues it and no handler ever saw it.
   */
  private List<SafeRedisQueueItem> blockingTake(int max, Duration timeout) {
    double seconds = Math.max(0.001, timeout.toNanos() / 1e9);
    RedisConnection connection = borrowBlockingConnection();
    boolean healthy = false;
    byte[] uid;
    try {
      uid =
          execute(
              () ->
                  connection
                      .listCommands()
                      .bLMove(queueKey, ackbufKey, Direction.RIGHT, Direction.LEFT, seconds));
      healthy = true;
    } finally {
      releaseBlockingConnection(connection, healthy);
    }
    if (uid == null) {
      return List.of();
    }
    List<?> reply =
        execute(
            () ->
                template.execute(
                    SafeRedisQueueScripts.POP,
                    popKeys,
                    bytes(Integer.toString(max)),
                    maxDeliveriesArg,
                    uid));
    return recordDelivered(reply, toItems(reply));
  }

  private RedisConnection borrowBlockingConnection() {
    RedisConnection connection = blockingConnections.pollFirst();
    if (connection != null) {
      return connection;
    }
    return execute(connectionFactory::getConnection);
  }

  private void releaseBlockingConnection(RedisConnection connection, boolean healthy) {
    if (healthy && !closed) {
      blockingConnections.offerFirst(connection);
      if (!closed) {
        return;
      }
      blockingConnections.remove(connection);
    }
    closeQuietly(connection);
  }

  // ---------------------------------------------------------------- ack / fail

  /**
   * Marks the item done: removes its uid from the in-flight lists and deletes its payload, in one
   * atomic step. Returns whether the uid was in flight; an unknown uid changes nothing.
   *
   * @throws IllegalArgumentException when the uid is null or blank
   */
  public boolean ack(String uid) {
    return ackAll(List.of(checkUid(uid))) == 1;
  }

  /** Acks many uids in one round trip and one atomic step; returns how many were in flight. */
  public int ackAll(Collection<String> uids) {
    int acked = runPerUid(SafeRedisQueueScripts.ACK, ackKeys, uids);
    recorder.acked(acked);
    return acked;
  }

  /**
   * Requeues the item behind what is already waiting, keeping its payload, in one atomic step.
   * Returns whether the uid was in flight; a uid that was not changes nothing.
   *
   * @throws IllegalArgumentException when the uid is null or blank
   */
  public boolean fail(String uid) {
    return fail(uid, Duration.ZERO, "failed") != FailOutcome.NOT_IN_FLIGHT;
  }

  /**
   * Fails the item in one atomic step: when this queue has a {@link Builder#maxDeliveries maximum
   * number of deliveries} and the item has reached it, it becomes a {@link DeadLetter} with this
   * reason; otherwise it waits {@code delay} in the delayed set (zero: requeued at once, behind
   * what is waiting). A uid that is not in flight changes nothing.
   *
   * @throws IllegalArgumentException when the uid is blank or the delay negative
   */
  public FailOutcome fail(String uid, Duration delay, String reason) {
    List<FailOutcome> outcomes = failAll(List.of(checkUid(uid)), delay, reason);
    return outcomes.get(0);
  }

  /** Fails many uids in one round trip and one atomic step; returns how many were in flight. */
  public int failAll(Collection<String> uids) {
    return (int)
        failAll(uids, Duration.ZERO, "failed").stream()
            .filter(outcome -> outcome != FailOutcome.NOT_IN_FLIGHT)
            .count();
  }

  /**
   * {@link #fail(String, Duration, String)} for many uids in one round trip and one atomic step;
   * returns the outcome per uid, in order.
   */
  public List<FailOutcome> failAll(Collection<String> uids, Duration delay, String reason) {
    return failAll(uids, delay, reason, maxDeliveries);
  }

  /**
   * {@link #fail(String, Duration, String)} with a maximum number of deliveries other than this
   * queue's (a listener's own limit; 0 for unlimited).
   */
  public FailOutcome fail(String uid, Duration delay, String reason, int maxDeliveries) {
    return failAll(List.of(checkUid(uid)), delay, reason, maxDeliveries).get(0);
  }

  /** {@link #fail(String, Duration, String, int)} for many uids in one atomic step. */
  public List<FailOutcome> failAll(
      Collection<String> uids, Duration delay, String reason, int maxDeliveries) {
    Objects.requireNonNull(uids, "uids");
    if (maxDeliveries < 0) {
      throw new IllegalArgumentException(
          "maxDeliveries must be >= 1, or 0 for unlimited, was " + maxDeliveries);
    }
    if (uids.isEmpty()) {
      return List.of();
    }
    Object[] args = new Object[uids.size() + 3];
    args[0] = delayArg(delay);
    args[1] = bytes(Integer.toString(maxDeliveries));
    args[2] = bytes(reason == null ? "failed" : reason);
    int i = 3;
    for (String uid : uids) {
      args[i++] = bytes(checkUid(uid));
    }
    List<?> reply = execute(() -> template.execute(SafeRedisQueueScripts.FAIL, failKeys, args));
    List<FailOutcome> outcomes = new ArrayList<>(uids.size());
    FailOutcome[] values = FailOutcome.values();
    for (Object code : reply == null ? List.of() : reply) {
      outcomes.add(values[((Number) code).intValue()]);
    }
    recordFailed(outcomes);
    return outcomes;
  }

  /**
   * Moves an in-flight item to the dead letters at once, with its payload, delivery count and this
   * reason, in one atomic step (for payloads that cannot be converted and errors that retrying
   * cannot fix). Returns whether the uid was in flight.
   */
  public boolean deadLetter(String uid, String reason) {
    Long moved =
        execute(
            () ->
                template.execute(
                    SafeRedisQueueScripts.DEAD_LETTER,
                    deadLetterKeys,
                    bytes(checkUid(uid)),
                    bytes(reason == null ? "dead-lettered" : reason)));
    boolean dead = moved != null && moved > 0;
    if (dead) {
      recorder.deadLettered(1);
    }
    return dead;
  }

  /**
   * Keeps in-flight items from being requeued by the next autoclean rotation while their handler
   * still runs (moves them from {@code backup} back to {@code ackbuf}); call it more often than the
   * autoclean interval. Returns how many had to be moved. If the process dies, renewals stop and
   * the items are requeued within two intervals.
   */
  public int renew(Collection<String> uids) {
    Objects.requireNonNull(uids, "uids");
    if (uids.isEmpty()) {
      return 0;
    }
    Object[] args = uids.stream().map(uid -> bytes(checkUid(uid))).toArray();
    Long moved = execute(() -> template.execute(SafeRedisQueueScripts.RENEW, renewKeys, args));
    return moved == null ? 0 : moved.intValue();
  }

  /**
   * Puts in-flight items back unstarted, in one atomic step: they leave the in-flight lists and
   * wait at the head of the line (delivered next, the first uid first), and the delivery that
   * brought them here is not counted. For consumers that fetched items they will not process (a
   * stopping or pausing listener); unlike {@link #fail} it never dead-letters. Returns how many
   * were in flight; the others change nothing.
   */
  public int release(Collection<String> uids) {
    Objects.requireNonNull(uids, "uids");
    if (uids.isEmpty()) {
      return 0;
    }
    Object[] args = uids.stream().map(uid -> bytes(checkUid(uid))).toArray();
    Long released =
        execute(
            () ->
                template.execute(
                    SafeRedisQueueScripts.RELEASE,
                    List.of(keys.ackbuf(), keys.backup(), keys.queue(), keys.deliveries()),
                    args));
    return released == null ? 0 : released.intValue();
  }

  // ---------------------------------------------------------------- dead letters

  /** Dead letters, oldest first, from {@code offset}, at most {@code limit} of them. */
  public List<DeadLetter> deadLetters(long offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException(
          "offset must be >= 0 and limit >= 1, were " + offset + " and " + limit);
    }
    java.util.Set<byte[]> uids =
        execute(() -> template.opsForZSet().range(keys.dead(), offset, offset + limit - 1));
    if (uids == null || uids.isEmpty()) {
      return List.of();
    }
    List<String> uidTexts =
        uids.stream().map(uid -> new String(uid, StandardCharsets.UTF_8)).toList();
    List<byte[]> payloads =
        execute(() -> template.<String, byte[]>opsForHash().multiGet(keys.deadItems(), uidTexts));
    List<byte[]> infos =
        execute(() -> template.<String, byte[]>opsForHash().multiGet(keys.deadInfo(), uidTexts));
    List<DeadLetter> result = new ArrayList<>(uidTexts.size());
    for (int i = 0; i < uidTexts.size(); i++) {
      byte[] payload = payloads.get(i);
      byte[] info = infos.get(i);
      if (payload == null || info == null) {
        continue;
      }
      String[] parts = new String(info, StandardCharsets.UTF_8).split("\n", 3);
      result.add(
          new DeadLetter(
              uidTexts.get(i),
              payload,
              Integer.parseInt(parts[0]),
              java.time.Instant.ofEpochMilli(Long.parseLong(parts[1])),
              parts.length > 2 ? parts[2] : ""));
    }
    return result;
  }

  /** How many dead letters there are. */
  public long deadLetterCount() {
    Long count = execute(() -> template.opsForZSet().zCard(keys.dead()));
    return count == null ? 0 : count;
  }

  /**
   * Puts these dead letters back at the end of the waiting line (behind what waits) with a fresh
   * delivery count, in one atomic step; returns how many were requeued.
   */
  public long requeueDeadLetters(Collection<String> uids) {
    Objects.requireNonNull(uids, "uids");
    if (uids.isEmpty()) {
      return 0;
    }
    return runDeadScript(SafeRedisQueueScripts.REQUEUE_DEAD, requeueDeadKeys, uids);
  }

  /** Requeues every dead letter, oldest first; returns how many. */
  public long requeueAllDeadLetters() {
    return runDeadScript(SafeRedisQueueScripts.REQUEUE_DEAD, requeueDeadKeys, List.of());
  }

  /** Deletes these dead letters for good; returns how many existed. */
  public long deleteDeadLetters(Collection<String> uids) {
    Objects.requireNonNull(uids, "uids");
    if (uids.isEmpty()) {
      return 0;
    }
    return runDeadScript(SafeRedisQueueScripts.DELETE_DEAD, deleteDeadKeys, uids);
  }

  /** Deletes every dead letter; returns how many. */
  public long deleteAllDeadLetters() {
    return runDeadScript(SafeRedisQueueScripts.DELETE_DEAD, deleteDeadKeys, List.of());
  }

  private long runDeadScript(
      org.springframework.data.redis.core.script.RedisScript<Long> script,
      List<String> scriptKeys,
      Collection<String> uids) {
    Object[] args = uids.stream().map(uid -> bytes(checkUid(uid))).toArray();
    Long count = execute(() -> template.execute(script, scriptKeys, args));
    return count == null ? 0 : count;
  }

  @SuppressWarnings("rawtypes")
  private int runPerUid(
      org.springframework.data.redis.core.script.RedisScript<List> script,
      List<String> scriptKeys,
      Collection<String> uids) {
    Objects.requireNonNull(uids, "uids");
    if (uids.isEmpty()) {
      return 0;
    }
    Object[] args = new Object[uids.size()];
    int i = 0;
    for (String uid : uids) {
      args[i++] = bytes(checkUid(uid));
    }
    List<?> reply = execute(() -> template.execute(script, scriptKeys, args));
    int inFlight = 0;
    if (reply != null) {
      for (Object flag : reply) {
        if (flag instanceof Number number && number.longValue() > 0) {
          inFlight++;
        }
      }
    }
    return inFlight;
  }

  // ---------------------------------------------------------------- autoclean

  /**
   * Tries one autoclean rotation now with this queue's interval (one atomic script; see the class
   * comment). Returns the number of items requeued, or -1 when the rotation did not run because
   * another consumer rotated less than an interval ago or autoclean is disabled.
   */
  public long autoclean() {
    Duration interval = autocleanInterval;
    if (interval == null) {
      return -1;
    }
    return rotate(interval);
  }

  /**
   * Tries one autoclean rotation now, locking the next one out for {@code interval}. Returns the
   * number of items requeued, or -1 when the lock was held.
   *
   * @throws IllegalArgumentException when the interval is not positive
   */
  public long rotate(Duration interval) {
    checkInterval(interval);
    Long requeued =
        execute(
            () ->
                template.execute(
                    SafeRedisQueueScripts.AUTOCLEAN,
                    autocleanKeys,
                    bytes(Long.toString(Math.max(1, interval.toMillis())))));
    long result = requeued == null ? -1 : requeued;
    afterRotation(result);
    return result;
  }

  private void maybeAutoclean() {
    if (autocleanInterval == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - nextAutocleanAttempt < 0) {
      return;
    }
    nextAutocleanAttempt = now + autocleanCheckNanos;
    autoclean();
  }

  // ---------------------------------------------------------------- inspection

  /** Lengths of the queue's lists, read in one atomic step. */
  public SafeRedisQueueSizes sizes() {
    List<?> reply = execute(() -> template.execute(SafeRedisQueueScripts.SIZES, sizeKeys));
    if (reply == null || reply.size() < 5) {
      throw new SafeRedisQueueException("Unexpected reply to the sizes script of queue " + name);
    }
    return new SafeRedisQueueSizes(
        ((Number) reply.get(0)).longValue(),
        ((Number) reply.get(1)).longValue(),
        ((Number) reply.get(2)).longValue(),
        ((Number) reply.get(3)).longValue(),
        ((Number) reply.get(4)).longValue());
  }

  /** Reads an item's payload with this queue's serializer. */
  public <T> T read(SafeRedisQueueItem item, Class<T> type) {
    return serializer.deserialize(item.payload(), type);
  }

  /** This queue's name (the {@code NAME} of {@code srq:NAME:*}). */
  public String name() {
    return name;
  }

  /** This queue's Redis keys. */
  public SafeRedisQueueKeys keys() {
    return keys;
  }

  /** The autoclean interval, or empty when autoclean is disabled. */
  public Optional<Duration> autocleanInterval() {
    return Optional.ofNullable(autocleanInterval);
  }

  /** The serializer of {@link #pushValue} and {@link #read}. */
  public PayloadSerializer serializer() {
    return serializer;
  }

  /** The template the queue's commands go through (byte[] values, String keys). */
  public RedisTemplate<String, byte[]> template() {
    return template;
  }

  /** The connection factory the queue uses. */
  public RedisConnectionFactory connectionFactory() {
    return connectionFactory;
  }

  /** Where the queue's Redis is, without credentials, for messages and health details. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Sends the asynchronous pushes still waiting (for at most 5 seconds; any left after that fail,
   * not stored), then releases the blocking connections and, when the queue built its own
   * connection factory from a url, that factory. Threads blocked in {@link #pop()} return within
   * about a second.
   */
  @Override
  public void close() {
    closed = true;
    pushCombiner.close(
        5,
        TimeUnit.SECONDS,
        new SafeRedisQueueException(
            "Queue '" + name + "' was closed before this push could be sent; it was not stored"));
    RedisConnection connection;
    while ((connection = blockingConnections.pollFirst()) != null) {
      closeQuietly(connection);
    }
    if (ownedConnectionFactory != null) {
      ownedConnectionFactory.destroy();
    }
  }

  @Override
  public String toString() {
    return "SafeRedisQueue[name=" + name + ", redis=" + endpoint + "]";
  }

  // ---------------------------------------------------------------- observability

  /**
   * The queue's sizes and the age of its oldest waiting item, read in one atomic script (for gauges
   * and health checks; {@link SafeRedisQueueStatsCache} keeps them for a short time). The age is
   * known only for items pushed with a push time (see {@link Builder#recordPushTime}).
   *
   * @throws SafeRedisQueueConnectionException when Redis cannot be reached
   */
  public SafeRedisQueueStats stats() {
    List<?> reply = execute(() -> template.execute(SafeRedisQueueScripts.STATS, statsKeys));
    if (reply == null || reply.size() < 6) {
      throw new SafeRedisQueueException("Unexpected reply to the stats script of queue " + name);
    }
    SafeRedisQueueSizes sizes =
        new SafeRedisQueueSizes(
            ((Number) reply.get(0)).longValue(),
            ((Number) reply.get(1)).longValue(),
            ((Number) reply.get(2)).longValue(),
            ((Number) reply.get(3)).longValue(),
            ((Number) reply.get(4)).longValue());
    long ageMillis = ((Number) reply.get(5)).longValue();
    return new SafeRedisQueueStats(
        sizes, ageMillis < 0 ? null : Duration.ofMillis(ageMillis), java.time.Instant.now());
  }

  /**
   * The propagation headers (trace context) stored with each of these items by an observed push, in
   * one round trip; an empty map for an item that has none (pushed by a Python client or without
   * observation, or gone).
   */
  public List<java.util.Map<String, String>> headers(List<String> uids) {
    Objects.requireNonNull(uids, "uids");
    if (uids.isEmpty()) {
      return List.of();
    }
    uids.forEach(SafeRedisQueue::checkUid);
    List<byte[]> values =
        execute(() -> template.<String, byte[]>opsForHash().multiGet(keys.headers(), uids));
    List<java.util.Map<String, String>> result = new ArrayList<>(uids.size());
    for (int i = 0; i < uids.size(); i++) {
      byte[] value = values == null || values.size() <= i ? null : values.get(i);
      result.add(value == null ? java.util.Map.of() : SafeRedisQueueHeaders.decode(value));
    }
    return result;
  }

  /**
   * Deletes up to about {@code max} entries of the headers hash whose item is gone, continuing
   * where the last call stopped; returns how many it deleted. Java consumers delete an item's entry
   * when they ack or dead-letter it, but Python consumers do not know the hash: with them, entries
   * of items pushed by observed Java producers stay behind until this runs. Each autoclean rotation
   * of this library runs it with a budget of 1,000, so call it yourself only when no Java consumer
   * or autoclean job runs on the queue.
   */
  public long pruneHeaders(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    Long deleted =
        execute(
            () ->
                template.execute(
                    SafeRedisQueueScripts.PRUNE_HEADERS,
                    pruneHeadersKeys,
                    bytes(Integer.toString(max))));
    return deleted == null ? 0 : deleted;
  }

  /** Whether pushes are observed (an observation registry other than the no-op one was set). */
  public boolean isObserved() {
    return observability.isObserved();
  }

  /**
   * Runs the push script for {@code delay, uid1, payload1, ...}: the plain one when there is
   * nothing to store in the headers hash, so an unobserved push costs exactly what it did; else the
   * one that also stores the push time and these header lines (possibly none) with each item.
   */
  private void runPushScript(byte[] headers, Object[] args) {
    if (headers.length == 0 && !observability.recordPushTime()) {
      execute(() -> template.execute(SafeRedisQueueScripts.PUSH, pushKeys, args));
      return;
    }
    Object[] withHeaders = new Object[args.length + 1];
    withHeaders[0] = args[0];
    withHeaders[1] = headers;
    System.arraycopy(args, 1, withHeaders, 2, args.length - 1);
    execute(
        () ->
            template.execute(
                SafeRedisQueueScripts.PUSH_WITH_HEADERS, pushWithHeadersKeys, withHeaders));
  }

  /** Reports the delivered items and those the pop script dead-lettered (its last element). */
  private List<SafeRedisQueueItem> recordDelivered(
      @Nullable List<?> reply, List<SafeRedisQueueItem> items) {
    QueueObservability.recordDelivered(recorder, reply, items.size());
    return items;
  }

  private void recordFailed(List<FailOutcome> outcomes) {
    QueueObservability.recordFailed(recorder, outcomes);
  }

  /**
   * After a rotation that ran: reports what it requeued and prunes a slice of orphaned headers
   * (best effort; the next rotation tries again).
   */
  private void afterRotation(long requeued) {
    if (requeued < 0) {
      return;
    }
    if (requeued > 0) {
      recorder.requeued(requeued);
    }
    try {
      pruneHeaders(1000);
    } catch (RuntimeException ex) {
      // The rotation itself succeeded; pruning is retried by the next one.
    }
  }

  // ---------------------------------------------------------------- helpers

  private <T> T execute(Supplier<T> action) {
    try {
      return action.get();
    } catch (DataAccessException ex) {
      throw translate(ex);
    }
  }

  private SafeRedisQueueException translate(DataAccessException ex) {
    String reason = rootMessage(ex);
    if (ex instanceof RedisConnectionFailureException || isAuthenticationProblem(reason)) {
      return new SafeRedisQueueConnectionException(
          "Cannot use Redis at " + endpoint + " for queue '" + name + "': " + reason, ex);
    }
    return new SafeRedisQueueException(
        "Redis at " + endpoint + " failed an operation of queue '" + name + "': " + reason, ex);
  }

  private static boolean isAuthenticationProblem(String reason) {
    return reason.contains("NOAUTH") || reason.contains("WRONGPASS") || reason.contains("NOPERM");
  }

  private static String rootMessage(Throwable ex) {
    StringBuilder message = new StringBuilder();
    Throwable current = ex;
    String last = null;
    while (current != null) {
      String text = current.getMessage();
      if (text != null && !text.equals(last) && (last == null || !last.contains(text))) {
        if (message.length() > 0) {
          message.append(": ");
        }
        message.append(text);
        last = text;
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return message.length() == 0 ? ex.getClass().getName() : message.toString();
  }

  private List<SafeRedisQueueItem> toItems(@Nullable List<?> reply) {
    if (reply == null || reply.isEmpty()) {
      return List.of();
    }
    List<SafeRedisQueueItem> items = new ArrayList<>(reply.size() / 3);
    for (int i = 0; i + 2 < reply.size(); i += 3) {
      items.add(
          new SafeRedisQueueItem(
              new String((byte[]) reply.get(i), StandardCharsets.UTF_8),
              (byte[]) reply.get(i + 1),
              ((Number) reply.get(i + 2)).intValue()));
    }
    return items;
  }

  private static RedisTemplate<String, byte[]> createTemplate(RedisConnectionFactory factory) {
    RedisTemplate<String, byte[]> template = new RedisTemplate<>();
    template.setConnectionFactory(factory);
    template.setKeySerializer(RedisSerializer.string());
    template.setHashKeySerializer(RedisSerializer.string());
    template.setValueSerializer(RedisSerializer.byteArray());
    template.setHashValueSerializer(RedisSerializer.byteArray());
    // The callbacks here never leak the connection, so skip the close-suppressing proxy that
    // RedisTemplate would otherwise create around it for every single command.
    template.setExposeConnection(true);
    template.afterPropertiesSet();
    return template;
  }

  private static Duration blockSlice(RedisConnectionFactory factory) {
    if (factory instanceof LettuceConnectionFactory lettuce) {
      // A blocking command must return before the client's own command timeout cancels it.
      Duration half = Duration.ofMillis(Math.max(10, lettuce.getTimeout() / 2));
      return half.compareTo(MAX_BLOCK_SLICE) < 0 ? half : MAX_BLOCK_SLICE;
    }
    return MAX_BLOCK_SLICE;
  }

  static String describe(RedisConnectionFactory factory) {
    if (factory instanceof LettuceConnectionFactory lettuce) {
      if (lettuce.getSocketConfiguration() != null
          && !lettuce.isRedisSentinelAware()
          && !lettuce.isClusterAware()) {
        return "unix://" + lettuce.getSocketConfiguration().getSocket();
      }
      if (lettuce.isClusterAware()) {
        return "cluster " + lettuce.getClusterConfiguration().getClusterNodes();
      }
      if (lettuce.isRedisSentinelAware()) {
        return "sentinel " + lettuce.getSentinelConfiguration().getMaster();
      }
      return (lettuce.isUseSsl() ? "rediss://" : "redis://")
          + lettuce.getHostName()
          + ":"
          + lettuce.getPort()
          + "/"
          + lettuce.getDatabase();
    }
    return factory.getClass().getSimpleName();
  }

  private static void closeQuietly(RedisConnection connection) {
    try {
      connection.close();
    } catch (RuntimeException ex) {
      // Closing a broken connection is best effort.
    }
  }

  private static String newUid() {
    return UUID.randomUUID().toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] delayArg(Duration delay) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or positive, was " + delay);
    }
    return bytes(Long.toString(delay.toMillis()));
  }

  private static void checkPayload(byte[] payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null (push a String or byte[])");
    }
  }

  static String checkUid(String uid) {
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException(
          "uid must be the non-blank uid returned by push or pop, was "
              + (uid == null ? "null" : "'" + uid + "'"));
    }
    return uid;
  }

  static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "queue name must be a non-blank string (default \"0\"), was "
              + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }

  static Duration checkInterval(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero() || interval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "autoclean interval must be at least 1ms (or autoclean disabled), was " + interval);
    }
    return interval;
  }

  /** Optional settings of a {@link SafeRedisQueue}. */
  public static final class Builder {
    private final @Nullable RedisConnectionFactory connectionFactory;
    private final @Nullable RedisUrl url;
    private String name = DEFAULT_NAME;
    private @Nullable Duration autocleanInterval = DEFAULT_AUTOCLEAN_INTERVAL;
    private PayloadSerializer serializer = PayloadSerializer.defaultSerializer();
    private Duration commandTimeout = Duration.ofSeconds(60);
    private int maxDeliveries;
    private int maxPendingPushes = DEFAULT_MAX_PENDING_PUSHES;
    private SafeRedisQueueMetrics metrics = SafeRedisQueueMetrics.none();
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private @Nullable SafeRedisQueuePushObservationConvention pushConvention;
    private boolean recordPushTime;

    private Builder(@Nullable RedisConnectionFactory connectionFactory, @Nullable RedisUrl url) {
      this.connectionFactory = connectionFactory;
      this.url = url;
    }

    /**
     * Queue name, the {@code NAME} of the keys {@code srq:NAME:*} (default {@code "0"}). Use a hash
     * tag such as {@code {orders}} on Redis Cluster.
     *
     * @throws IllegalArgumentException when the name is null or blank
     */
    public Builder name(String name) {
      this.name = checkName(name);
      return this;
    }

    /**
     * Autoclean interval (default 60 s): how long the rotation lock lasts, so an item popped and
     * never acked is requeued after one to two intervals.
     *
     * @throws IllegalArgumentException when the interval is null, zero or negative
     */
    public Builder autocleanInterval(Duration interval) {
      this.autocleanInterval = checkInterval(interval);
      return this;
    }

    /**
     * Turns autoclean off (the Python library's {@code autoclean_interval=None}): crashed
     * consumers' items stay in flight until something runs a rotation.
     */
    public Builder disableAutoclean() {
      this.autocleanInterval = null;
      return this;
    }

    /**
     * Most {@link SafeRedisQueue#pushAsync(byte[]) asynchronous pushes} unfinished at once (default
     * {@value SafeRedisQueue#DEFAULT_MAX_PENDING_PUSHES}); beyond it, {@code pushAsync} waits.
     *
     * @throws IllegalArgumentException when below 1
     */
    public Builder maxPendingPushes(int maxPendingPushes) {
      if (maxPendingPushes < 1) {
        throw new IllegalArgumentException(
            "maxPendingPushes must be >= 1, was " + maxPendingPushes);
      }
      this.maxPendingPushes = maxPendingPushes;
      return this;
    }

    /**
     * Maximum deliveries per item (default 0: unlimited, the Python library's behaviour). An item
     * failed on its last allowed delivery, or popped once more after it (its consumers kept
     * vanishing), becomes a {@link DeadLetter} instead of looping forever.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder maxDeliveries(int maxDeliveries) {
      if (maxDeliveries < 0) {
        throw new IllegalArgumentException(
            "maxDeliveries must be >= 1, or 0 for unlimited, was " + maxDeliveries);
      }
      this.maxDeliveries = maxDeliveries;
      return this;
    }

    /** Serializer for {@link SafeRedisQueue#pushValue} and {@link SafeRedisQueue#read}. */
    public Builder serializer(PayloadSerializer serializer) {
      this.serializer = Objects.requireNonNull(serializer, "serializer");
      return this;
    }

    /** Command timeout of the connection built from a url (default 60 s); ignored otherwise. */
    public Builder commandTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("commandTimeout must be positive, was " + timeout);
      }
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * Where the queue reports pushed, delivered, acked, failed, dead-lettered and requeued items
     * (default {@link SafeRedisQueueMetrics#none()}).
     */
    public Builder metrics(SafeRedisQueueMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Registry of the push observations (default {@link ObservationRegistry#NOOP}: none). With
     * tracing handlers, each push is a producer span whose context is stored with the items in
     * {@code srq:NAME:headers} (never in the payload) for the listener to continue the trace.
     */
    public Builder observationRegistry(ObservationRegistry observationRegistry) {
      this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
      return this;
    }

    /** Convention of the push observations (default {@code saferedisqueue.push}). */
    public Builder observationConvention(
        @Nullable SafeRedisQueuePushObservationConvention convention) {
      this.pushConvention = convention;
      return this;
    }

    /**
     * Whether each push stores its time in {@code srq:NAME:headers} (default false), so that {@link
     * SafeRedisQueue#stats()} knows the age of the oldest waiting item. It costs one more hash
     * field per item, deleted on ack; observed pushes that carry a trace context store it anyway.
     */
    public Builder recordPushTime(boolean recordPushTime) {
      this.recordPushTime = recordPushTime;
      return this;
    }

    /** Creates the queue; with a url, this opens the connection factory. */
    public SafeRedisQueue build() {
      SafeRedisQueue queue;
      if (url != null) {
        LettuceConnectionFactory owned = url.createConnectionFactory(commandTimeout);
        queue = new SafeRedisQueue(this, owned, owned, url.endpoint());
      } else {
        RedisConnectionFactory factory = Objects.requireNonNull(connectionFactory);
        queue = new SafeRedisQueue(this, factory, null, describe(factory));
      }
      metrics.queueCreated(queue);
      return queue;
    }
  }
}

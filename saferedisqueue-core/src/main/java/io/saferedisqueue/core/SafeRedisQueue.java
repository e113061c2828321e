package io.saferedisqueue.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
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
 * <p>Create one with {@link #builder(RedisConnectionFactory)}, {@link #builder(String)} for a url,
 * or the shortcuts {@link #create(RedisConnectionFactory)} and {@link #fromUrl(String)}; close it
 * to release its blocking connections (and the connection factory it built from a url).
 */
public final class SafeRedisQueue implements AutoCloseable {

  /** Name of the queue when none is given, as in the Python library. */
  public static final String DEFAULT_NAME = "0";

  /** Autoclean interval when none is given, as in the Python library. */
  public static final Duration DEFAULT_AUTOCLEAN_INTERVAL = Duration.ofSeconds(60);

  private static final Duration MAX_BLOCK_SLICE = Duration.ofSeconds(1);
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
  private final byte[] itemsKey;
  private final List<String> pushKeys;
  private final List<String> popKeys;
  private final List<String> ackKeys;
  private final List<String> failKeys;
  private final List<String> autocleanKeys;
  private final List<String> sizeKeys;
  private final ConcurrentLinkedDeque<RedisConnection> blockingConnections =
      new ConcurrentLinkedDeque<>();
  private volatile long nextAutocleanAttempt = System.nanoTime();
  private volatile boolean closed;

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
    this.itemsKey = bytes(keys.items());
    this.pushKeys = List.of(keys.items(), keys.queue());
    this.popKeys = List.of(keys.items(), keys.queue(), keys.ackbuf());
    this.ackKeys = List.of(keys.ackbuf(), keys.backup(), keys.items());
    this.failKeys = List.of(keys.ackbuf(), keys.backup(), keys.queue());
    this.autocleanKeys = List.of(keys.backupLock(), keys.backup(), keys.queue(), keys.ackbuf());
    this.sizeKeys = List.of(keys.queue(), keys.ackbuf(), keys.backup());
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
   * one atomic step: once this returns, the item is in Redis.
   *
   * @throws IllegalArgumentException when the payload is null
   * @throws SafeRedisQueueConnectionException when Redis cannot be reached
   */
  public String push(byte[] payload) {
    checkPayload(payload);
    String uid = newUid();
    execute(() -> template.execute(SafeRedisQueueScripts.PUSH, pushKeys, bytes(uid), payload));
    return uid;
  }

  /** Pushes text as UTF-8, byte for byte as the Python library stores a {@code str}. */
  public String push(String payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null (push a String or byte[])");
    }
    return push(payload.getBytes(StandardCharsets.UTF_8));
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
    Object[] args = new Object[payloads.size() * 2];
    for (int i = 0; i < payloads.size(); i++) {
      byte[] payload = payloads.get(i);
      if (payload == null) {
        throw new IllegalArgumentException("payloads[" + i + "] must not be null");
      }
      String uid = newUid();
      uids.add(uid);
      args[2 * i] = bytes(uid);
      args[2 * i + 1] = payload;
    }
    execute(() -> template.execute(SafeRedisQueueScripts.PUSH, pushKeys, args));
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
    // With a backlog, one script moves and fetches the item in a single round trip; only an
    // empty queue needs the blocking move (plus a fetch).
    Optional<SafeRedisQueueItem> ready = tryPop();
    if (ready.isPresent()) {
      return ready;
    }
    while (!closed) {
      maybeAutoclean();
      long remaining = forever ? blockSlice.toNanos() : deadline - System.nanoTime();
      if (remaining <= 0) {
        return Optional.empty();
      }
      long slice = Math.min(remaining, blockSlice.toNanos());
      Optional<SafeRedisQueueItem> item = blockingPop(Duration.ofNanos(slice));
      if (item.isPresent()) {
        return item;
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
                template.execute(SafeRedisQueueScripts.POP, popKeys, bytes(Integer.toString(max))));
    return toItems(reply);
  }

  /**
   * Takes up to {@code max} items: those waiting now, in one round trip; or, when none is waiting,
   * blocks up to {@code timeout} for the next one. Returns an empty list when nothing came.
   */
  public List<SafeRedisQueueItem> popBatch(int max, Duration timeout) {
    maybeAutoclean();
    List<SafeRedisQueueItem> items = popAvailable(max);
    if (!items.isEmpty() || timeout.isNegative() || timeout.isZero()) {
      return items;
    }
    return blockingPop(timeout).map(List::of).orElse(List.of());
  }

  private Optional<SafeRedisQueueItem> blockingPop(Duration timeout) {
    double seconds = Math.max(0.001, timeout.toNanos() / 1e9);
    RedisConnection connection = borrowBlockingConnection();
    boolean healthy = false;
    try {
      byte[] uid =
          execute(
              () ->
                  connection
                      .listCommands()
                      .bLMove(queueKey, ackbufKey, Direction.RIGHT, Direction.LEFT, seconds));
      if (uid == null) {
        healthy = true;
        return Optional.empty();
      }
      byte[] payload = execute(() -> connection.hashCommands().hGet(itemsKey, uid));
      if (payload == null) {
        // Acked by a late consumer while it was requeued: nothing left to deliver.
        execute(() -> connection.listCommands().lRem(ackbufKey, 1, uid));
        healthy = true;
        return Optional.empty();
      }
      healthy = true;
      return Optional.of(new SafeRedisQueueItem(new String(uid, StandardCharsets.UTF_8), payload));
    } finally {
      releaseBlockingConnection(connection, healthy);
    }
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
    return runPerUid(SafeRedisQueueScripts.ACK, ackKeys, uids);
  }

  /**
   * Requeues the item behind what is already waiting, keeping its payload, in one atomic step.
   * Returns whether the uid was in flight; a uid that was not changes nothing.
   *
   * @throws IllegalArgumentException when the uid is null or blank
   */
  public boolean fail(String uid) {
    return failAll(List.of(checkUid(uid))) == 1;
  }

  /** Fails many uids in one round trip and one atomic step; returns how many were in flight. */
  public int failAll(Collection<String> uids) {
    return runPerUid(SafeRedisQueueScripts.FAIL, failKeys, uids);
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
    return requeued == null ? -1 : requeued;
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
    if (reply == null || reply.size() < 3) {
      throw new SafeRedisQueueException("Unexpected reply to the sizes script of queue " + name);
    }
    return new SafeRedisQueueSizes(
        ((Number) reply.get(0)).longValue(),
        ((Number) reply.get(1)).longValue(),
        ((Number) reply.get(2)).longValue());
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
   * Releases the blocking connections and, when the queue built its own connection factory from a
   * url, that factory. Threads blocked in {@link #pop()} return within about a second.
   */
  @Override
  public void close() {
    closed = true;
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
    List<SafeRedisQueueItem> items = new ArrayList<>(reply.size() / 2);
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      items.add(
          new SafeRedisQueueItem(
              new String((byte[]) reply.get(i), StandardCharsets.UTF_8),
              (byte[]) reply.get(i + 1)));
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

    /** Creates the queue; with a url, this opens the connection factory. */
    public SafeRedisQueue build() {
      if (url != null) {
        LettuceConnectionFactory owned = url.createConnectionFactory(commandTimeout);
        return new SafeRedisQueue(this, owned, owned, url.endpoint());
      }
      RedisConnectionFactory factory = Objects.requireNonNull(connectionFactory);
      return new SafeRedisQueue(this, factory, null, describe(factory));
    }
  }
}

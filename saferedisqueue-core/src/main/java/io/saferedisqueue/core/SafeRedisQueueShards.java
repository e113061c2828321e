package io.saferedisqueue.core;

import io.saferedisqueue.core.redis.Checks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * One logical queue spread over N ordinary queues, its <i>shards</i>, so that a queue can be bigger
 * and busier than one Redis node: on Redis Cluster each shard's keys hash to their own slot, and
 * the slots of different shards usually sit on different nodes. Shard {@code i} of the queue {@code
 * NAME} is the queue {@code {NAME-i}} (keys {@code srq:{NAME-i}:*}), a plain Python-compatible
 * queue that any {@link SafeRedisQueue} or Python client can use on its own. Every shard has the
 * same settings (built from one builder or one factory).
 *
 * <p><b>Pushes</b> go to the shards in turn (round-robin over all of them), or, with {@link
 * #push(String, byte[])}, to the shard of a key, so that items of one key keep their order. <b>FIFO
 * holds per shard</b>: items of one shard are delivered in push order; items of different shards
 * are not ordered among each other.
 *
 * <p><b>Pops</b> sweep the shards without blocking, starting at a shard that rotates with every
 * call so that no shard is starved. A blocking {@link #pop(Duration)} sweeps, then blocks on one
 * shard for at most {@value #POLL_SLICE_MILLIS} ms, then sweeps again and blocks on the next: an
 * idle consumer sends about {@code (N + 1) * 1000 / }{@value #POLL_SLICE_MILLIS} commands per
 * second, and an item on another shard waits up to that slice. Listener containers do not pay this:
 * the starter gives every shard its own container and blocking connection.
 *
 * <p><b>In-flight items</b> stay in their shard: {@link SafeRedisQueueShardItem} carries the shard,
 * and {@link #ack}, {@link #fail} and {@link #deadLetter} go to it. Autoclean, delays, dead letters
 * and sizes are those of each shard; {@link #autoclean()}, {@link #stats()} and {@link
 * #totalStats()} go over all of them.
 *
 * <p>Create one with {@link SafeRedisQueueBuilder#buildShards(int)} or from queues by name with
 * {@link #of(String, int, Function)}.
 */
public final class SafeRedisQueueShards implements AutoCloseable {

  /** Most shards of one queue ({@link SafeRedisQueueShardNames#MAX_SHARDS}). */
  public static final int MAX_SHARDS = SafeRedisQueueShardNames.MAX_SHARDS;

  /** Longest a blocking pop waits on one shard before it looks at the others again. */
  public static final long POLL_SLICE_MILLIS = 100;

  private final String name;
  private final List<SafeRedisQueue> shards;
  private final boolean ownsShards;
  private final AtomicInteger nextPush = new AtomicInteger();
  private final AtomicInteger nextPop = new AtomicInteger();
  private volatile boolean closed;

  private SafeRedisQueueShards(String name, List<SafeRedisQueue> shards, boolean ownsShards) {
    this.name = name;
    this.shards = List.copyOf(shards);
    this.ownsShards = ownsShards;
  }

  /**
   * The sharded queue whose shards {@code queueOf} hands out by name (such as {@link
   * SafeRedisQueueFactory#getQueue}); closing it does not close them.
   *
   * @throws IllegalArgumentException when the name or the count is not allowed (see {@link
   *     SafeRedisQueueShardNames}), or a queue handed out has another name
   */
  public static SafeRedisQueueShards of(
      String name, int shardCount, Function<String, SafeRedisQueue> queueOf) {
    return new SafeRedisQueueShards(name, create(name, shardCount, queueOf), false);
  }

  /** The shards built from a builder template; the sharded queue closes them. */
  static SafeRedisQueueShards build(SafeRedisQueueBuilder template, int shardCount) {
    String logical = template.name;
    List<SafeRedisQueue> built = new ArrayList<>();
    try {
      for (String shard : SafeRedisQueueShardNames.shardNames(logical, shardCount)) {
        built.add(template.name(shard).build());
      }
    } catch (RuntimeException ex) {
      built.forEach(SafeRedisQueue::close);
      throw ex;
    } finally {
      template.name(logical);
    }
    return new SafeRedisQueueShards(logical, built, true);
  }

  private static List<SafeRedisQueue> create(
      String name, int shardCount, Function<String, SafeRedisQueue> queueOf) {
    Objects.requireNonNull(queueOf, "queueOf");
    List<SafeRedisQueue> queues = new ArrayList<>();
    for (String shard : SafeRedisQueueShardNames.shardNames(name, shardCount)) {
      SafeRedisQueue queue = Objects.requireNonNull(queueOf.apply(shard), shard);
      if (!queue.name().equals(shard)) {
        throw new IllegalArgumentException(
            "shard '" + shard + "' was handed the queue '" + queue.name() + "'");
      }
      queues.add(queue);
    }
    return queues;
  }

  // ---------------------------------------------------------------- push

  /** Pushes to the next shard in turn; returns the uid. See {@link SafeRedisQueue#push(byte[])}. */
  public String push(byte[] payload) {
    return nextShard().push(payload);
  }

  /** Pushes text as UTF-8 to the next shard in turn. */
  public String push(String payload) {
    return nextShard().push(payload);
  }

  /** Pushes to the next shard in turn, queued once {@code delay} has passed. */
  public String push(byte[] payload, Duration delay) {
    return nextShard().push(payload, delay);
  }

  /** Pushes to the next shard in turn so that it is queued at {@code at}. */
  public String pushAt(byte[] payload, Instant at) {
    return nextShard().pushAt(payload, at);
  }

  /** Pushes a value written by the shards' serializer to the next shard in turn. */
  public String pushValue(Object value) {
    return nextShard().pushValue(value);
  }

  /**
   * Pushes to the shard of {@code key} ({@link #shardFor}), so that the items of one key are
   * delivered in push order, as on a single queue.
   *
   * @throws IllegalArgumentException when the key is null
   */
  public String push(String key, byte[] payload) {
    return shards.get(shardFor(key)).push(payload);
  }

  /**
   * Pushes the whole list to the next shard in turn, in one round trip and one atomic step (as
   * {@link SafeRedisQueue#pushAll}), so the list keeps its order.
   */
  public List<String> pushAll(List<byte[]> payloads) {
    return nextShard().pushAll(payloads);
  }

  /** Pushes to the next shard in turn without waiting; see {@link SafeRedisQueue#pushAsync}. */
  public CompletableFuture<String> pushAsync(byte[] payload) {
    return nextShard().pushAsync(payload);
  }

  /** Pushes text to the next shard in turn without waiting. */
  public CompletableFuture<String> pushAsync(String payload) {
    return nextShard().pushAsync(payload);
  }

  /**
   * The shard of a key: the CRC-32 of its UTF-8 bytes modulo the shard count, which a Python
   * producer computes as {@code zlib.crc32(key.encode()) % shards}.
   */
  public int shardFor(String key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shards.size());
  }

  private SafeRedisQueue nextShard() {
    return shards.get(Math.floorMod(nextPush.getAndIncrement(), shards.size()));
  }

  // ---------------------------------------------------------------- pop

  /**
   * Takes an item if one waits in any shard, without blocking: one non-blocking pop per shard at
   * most, starting at a shard that rotates with each call.
   */
  public Optional<SafeRedisQueueShardItem> tryPop() {
    int start = nextPop.getAndIncrement();
    for (int i = 0; i < shards.size(); i++) {
      int index = Math.floorMod(start + i, shards.size());
      Optional<SafeRedisQueueItem> item = shards.get(index).tryPop();
      if (item.isPresent()) {
        return Optional.of(new SafeRedisQueueShardItem(index, shards.get(index), item.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * Waits for an item of any shard as long as it takes; empty when the thread is interrupted (its
   * flag stays set) or this sharded queue is closed.
   */
  public Optional<SafeRedisQueueShardItem> pop() {
    return pop(Duration.ZERO);
  }

  /**
   * As {@link SafeRedisQueue#pop(Duration)} over all shards: zero blocks until an item comes, a
   * positive duration at most that long, a negative one not at all. Between sweeps it blocks on one
   * shard at a time for at most {@value #POLL_SLICE_MILLIS} ms (see the class description).
   *
   * @throws IllegalArgumentException when the timeout is null
   */
  public Optional<SafeRedisQueueShardItem> pop(Duration timeout) {
    if (timeout == null) {
      throw new IllegalArgumentException(
          "timeout must be a duration (zero = forever, negative = no wait), was null");
    }
    if (timeout.isNegative()) {
      return tryPop();
    }
    try {
      return blockingPop(timeout);
    } catch (SafeRedisQueueException ex) {
      if (closed) {
        return Optional.empty(); // the shards' connections went away with close()
      }
      throw ex;
    }
  }

  private Optional<SafeRedisQueueShardItem> blockingPop(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long slice = Duration.ofMillis(POLL_SLICE_MILLIS).toNanos();
    while (!closed && !Thread.currentThread().isInterrupted()) {
      Optional<SafeRedisQueueShardItem> ready = tryPop();
      if (ready.isPresent()) {
        return ready;
      }
      long remaining = timeout.isZero() ? slice : deadline - System.nanoTime();
      if (remaining <= 0) {
        return Optional.empty();
      }
      int index = Math.floorMod(nextPop.getAndIncrement(), shards.size());
      SafeRedisQueue shard = shards.get(index);
      long wait = Math.min(remaining, slice);
      long started = System.nanoTime();
      Optional<SafeRedisQueueItem> item = shard.pop(Duration.ofNanos(wait));
      if (item.isPresent()) {
        return Optional.of(new SafeRedisQueueShardItem(index, shard, item.get()));
      }
      // A shard closed by its factory returns at once: wait out the slice rather than spin.
      long early = wait - (System.nanoTime() - started);
      if (early > wait / 2) {
        try {
          TimeUnit.NANOSECONDS.sleep(early);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Takes up to {@code max} waiting items from the shards, without blocking: one {@link
   * SafeRedisQueue#popAvailable} per shard at most, starting at a rotating shard.
   *
   * @throws IllegalArgumentException when max is not positive
   */
  public List<SafeRedisQueueShardItem> popAvailable(int max) {
    Checks.max(max);
    List<SafeRedisQueueShardItem> taken = new ArrayList<>();
    int start = nextPop.getAndIncrement();
    for (int i = 0; i < shards.size() && taken.size() < max; i++) {
      int index = Math.floorMod(start + i, shards.size());
      SafeRedisQueue shard = shards.get(index);
      for (SafeRedisQueueItem item : shard.popAvailable(max - taken.size())) {
        taken.add(new SafeRedisQueueShardItem(index, shard, item));
      }
    }
    return taken;
  }

  // ---------------------------------------------------------------- items in flight

  /** Acks the item in its shard; see {@link SafeRedisQueue#ack}. */
  public boolean ack(SafeRedisQueueShardItem item) {
    return own(item).ack(item.uid());
  }

  /**
   * Acks many items, one {@link SafeRedisQueue#ackAll} (one round trip, one atomic step) per shard
   * among them; returns how many were in flight.
   */
  public int ackAll(Collection<SafeRedisQueueShardItem> items) {
    Objects.requireNonNull(items, "items");
    List<List<String>> uidsPerShard = new ArrayList<>(shards.size());
    for (int i = 0; i < shards.size(); i++) {
      uidsPerShard.add(new ArrayList<>());
    }
    for (SafeRedisQueueShardItem item : items) {
      own(item);
      uidsPerShard.get(item.index()).add(item.uid());
    }
    int acked = 0;
    for (int i = 0; i < shards.size(); i++) {
      if (!uidsPerShard.get(i).isEmpty()) {
        acked += shards.get(i).ackAll(uidsPerShard.get(i));
      }
    }
    return acked;
  }

  /** Fails the item in its shard (requeued there, or dead-lettered); see {@link SafeRedisQueue}. */
  public boolean fail(SafeRedisQueueShardItem item) {
    return own(item).fail(item.uid());
  }

  /** Fails the item in its shard with a delay and a reason; see {@link SafeRedisQueue#fail}. */
  public FailOutcome fail(SafeRedisQueueShardItem item, Duration delay, String reason) {
    return own(item).fail(item.uid(), delay, reason);
  }

  /** Moves the item to its shard's dead letters; see {@link SafeRedisQueue#deadLetter}. */
  public boolean deadLetter(SafeRedisQueueShardItem item, String reason) {
    return own(item).deadLetter(item.uid(), reason);
  }

  private SafeRedisQueue own(SafeRedisQueueShardItem item) {
    Objects.requireNonNull(item, "item");
    if (item.index() < 0
        || item.index() >= shards.size()
        || shards.get(item.index()) != item.shard()) {
      throw new IllegalArgumentException(
          "item " + item + " was not delivered by a shard of the sharded queue '" + name + "'");
    }
    return item.shard();
  }

  // ---------------------------------------------------------------- administration

  /** Runs one autoclean attempt in every shard; returns how many uids the rotations requeued. */
  public long autoclean() {
    long requeued = 0;
    for (SafeRedisQueue shard : shards) {
      requeued += shard.admin().autoclean();
    }
    return requeued;
  }

  /** Each shard's stats, in shard order (one script per shard). */
  public List<SafeRedisQueueStats> stats() {
    return shards.stream().map(shard -> shard.admin().stats()).toList();
  }

  /** The sum over the shards; see {@link SafeRedisQueueStats#sum(List)}. */
  public SafeRedisQueueStats totalStats() {
    return SafeRedisQueueStats.sum(stats());
  }

  /** Dead letters of all shards together. */
  public long deadLetterCount() {
    long count = 0;
    for (SafeRedisQueue shard : shards) {
      count += shard.deadLetters().count();
    }
    return count;
  }

  /** Requeues every dead letter of every shard into its own shard; returns how many. */
  public long requeueAllDeadLetters() {
    long count = 0;
    for (SafeRedisQueue shard : shards) {
      count += shard.deadLetters().requeueAll();
    }
    return count;
  }

  // ---------------------------------------------------------------- shape

  /** The logical queue's name (without braces); shard {@code i} is {@code {name-i}}. */
  public String name() {
    return name;
  }

  /** Number of shards. */
  public int shardCount() {
    return shards.size();
  }

  /** The shards, in order: each an ordinary queue. */
  public List<SafeRedisQueue> shards() {
    return shards;
  }

  /**
   * Shard {@code index}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < }{@link #shardCount()}
   */
  public SafeRedisQueue shard(int index) {
    if (index < 0 || index >= shards.size()) {
      throw new IllegalArgumentException(
          "shard index must be between 0 and " + (shards.size() - 1) + ", was " + index);
    }
    return shards.get(index);
  }

  /** Reads an item's payload with its shard's serializer. */
  public <T> T read(SafeRedisQueueShardItem item, Class<T> type) {
    return item.shard().read(item.item(), type);
  }

  /**
   * Ends blocking pops (within {@value #POLL_SLICE_MILLIS} ms) and closes the shards when they were
   * built by {@link SafeRedisQueueBuilder#buildShards}; shards handed out by a factory stay open
   * (the factory closes them).
   */
  @Override
  public void close() {
    closed = true;
    if (ownsShards) {
      shards.forEach(SafeRedisQueue::close);
    }
  }

  @Override
  public String toString() {
    return "SafeRedisQueueShards[name=" + name + ", shards=" + shards.size() + "]";
  }
}

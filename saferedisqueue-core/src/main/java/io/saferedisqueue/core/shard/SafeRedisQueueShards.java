package io.saferedisqueue.core.shard;

import io.saferedisqueue.core.FailOutcome;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueBuilder;
import io.saferedisqueue.core.SafeRedisQueueDeadLetters;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueOperations;
import io.saferedisqueue.core.SafeRedisQueueSettings;
import io.saferedisqueue.core.SafeRedisQueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
 * <p><b>In-flight items</b> stay in their shard: every item says which shard delivered it ({@link
 * SafeRedisQueueItem#queue()}), and {@link #ack}, {@link #fail} and {@link #deadLetter} go to it.
 * Autoclean, delays, dead letters and sizes are those of each shard; {@link #autoclean()}, {@link
 * #stats()} (the sum) and {@link #deadLetters()} go over all of them, {@link #partStats()} gives
 * each shard's.
 *
 * <p>It is one implementation of {@link SafeRedisQueueOperations}, {@link SafeRedisQueue} the
 * other: code that holds the interface works on both.
 *
 * <p>Create one with {@link SafeRedisQueueBuilder#buildShards(int)} or from queues by name with
 * {@link #of(String, int, Function)}.
 */
public final class SafeRedisQueueShards implements SafeRedisQueueOperations, AutoCloseable {

  /** Most shards of one queue ({@link SafeRedisQueueShardNames#MAX_SHARDS}). */
  public static final int MAX_SHARDS = SafeRedisQueueShardNames.MAX_SHARDS;

  /** Longest a blocking pop waits on one shard before it looks at the others again. */
  public static final long POLL_SLICE_MILLIS = 100;

  private final String name;
  private final List<SafeRedisQueue> shards;
  private final ShardRoutes routes;
  private final SafeRedisQueueDeadLetters deadLetters;
  private final boolean ownsShards;
  private final AtomicInteger nextPush = new AtomicInteger();
  private final ShardSweep sweep;
  private volatile boolean closed;

  private SafeRedisQueueShards(String name, List<SafeRedisQueue> shards, boolean ownsShards) {
    this.name = name;
    this.shards = List.copyOf(shards);
    this.ownsShards = ownsShards;
    this.routes = new ShardRoutes(name, this.shards);
    this.deadLetters = new ShardedDeadLetters(this.shards);
    this.sweep = new ShardSweep(this.shards, () -> closed);
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

  /**
   * The shards built from a builder template, named after the builder's name; the sharded queue
   * closes them (see {@link SafeRedisQueueBuilder#buildShards}).
   *
   * @throws IllegalArgumentException when the name or the count is not allowed
   */
  public static SafeRedisQueueShards build(SafeRedisQueueBuilder template, int shardCount) {
    String logical = template.getName();
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
  @Override
  public String push(byte[] payload) {
    return nextShard().push(payload);
  }

  /** Pushes text as UTF-8 to the next shard in turn. */
  @Override
  public String push(String payload) {
    return nextShard().push(payload);
  }

  /** Pushes to the next shard in turn, queued once {@code delay} has passed. */
  @Override
  public String push(byte[] payload, Duration delay) {
    return nextShard().push(payload, delay);
  }

  /** Pushes text to the next shard in turn, queued once {@code delay} has passed. */
  @Override
  public String push(String payload, Duration delay) {
    return nextShard().push(payload, delay);
  }

  /** Pushes to the next shard in turn so that it is queued at {@code at}. */
  @Override
  public String pushAt(byte[] payload, Instant at) {
    return nextShard().pushAt(payload, at);
  }

  /** Pushes a value written by the shards' serializer to the next shard in turn. */
  @Override
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
  @Override
  public List<String> pushAll(List<byte[]> payloads) {
    return nextShard().pushAll(payloads);
  }

  /** Pushes to the next shard in turn without waiting; see {@link SafeRedisQueue#pushAsync}. */
  @Override
  public CompletableFuture<String> pushAsync(byte[] payload) {
    return nextShard().pushAsync(payload);
  }

  /** Pushes text to the next shard in turn without waiting. */
  @Override
  public CompletableFuture<String> pushAsync(String payload) {
    return nextShard().pushAsync(payload);
  }

  /** The shard of a key; see {@link SafeRedisQueueShardNames#shardFor}. */
  public int shardFor(String key) {
    return SafeRedisQueueShardNames.shardFor(key, shards.size());
  }

  private SafeRedisQueue nextShard() {
    return shards.get(Math.floorMod(nextPush.getAndIncrement(), shards.size()));
  }

  // ---------------------------------------------------------------- pop

  /**
   * Takes an item if one waits in any shard, without blocking: one non-blocking pop per shard at
   * most, starting at a shard that rotates with each call.
   */
  @Override
  public Optional<SafeRedisQueueItem> tryPop() {
    return sweep.tryPop();
  }

  /**
   * Waits for an item of any shard as long as it takes; empty when the thread is interrupted (its
   * flag stays set) or this sharded queue is closed.
   */
  @Override
  public Optional<SafeRedisQueueItem> pop() {
    return sweep.pop(Duration.ZERO);
  }

  /**
   * As {@link SafeRedisQueue#pop(Duration)} over all shards: zero blocks until an item comes, a
   * positive duration at most that long, a negative one not at all. Between sweeps it blocks on one
   * shard at a time for at most {@value #POLL_SLICE_MILLIS} ms (see the class description).
   *
   * @throws IllegalArgumentException when the timeout is null
   */
  @Override
  public Optional<SafeRedisQueueItem> pop(Duration timeout) {
    return sweep.pop(timeout);
  }

  /**
   * Takes up to {@code max} waiting items from the shards, without blocking: one {@link
   * SafeRedisQueue#popAvailable} per shard at most, starting at a rotating shard.
   *
   * @throws IllegalArgumentException when max is not positive
   */
  @Override
  public List<SafeRedisQueueItem> popAvailable(int max) {
    return sweep.popAvailable(max);
  }

  /**
   * Takes up to {@code max} waiting items from the shards; when none waits, blocks as {@link
   * #pop(Duration)} up to {@code timeout} for one, then takes up to {@code max - 1} more from its
   * shard without blocking. A zero or negative timeout does not block.
   *
   * @throws IllegalArgumentException when max is not positive or the timeout null
   */
  @Override
  public List<SafeRedisQueueItem> popBatch(int max, Duration timeout) {
    return sweep.popBatch(max, timeout);
  }

  // ---------------------------------------------------------------- items in flight

  /** Acks the item in its shard; see {@link SafeRedisQueue#ack(String)}. */
  @Override
  public boolean ack(SafeRedisQueueItem item) {
    return routes.partOf(item).ack(item.uid());
  }

  /**
   * Acks many items, one {@link SafeRedisQueue#ackAll} (one round trip, one atomic step) per shard
   * among them; returns how many were in flight.
   */
  @Override
  public int ackItems(Collection<SafeRedisQueueItem> items) {
    return routes.sum(items, SafeRedisQueue::ackAll);
  }

  /** Fails the item in its shard (requeued there, or dead-lettered); see {@link SafeRedisQueue}. */
  @Override
  public boolean fail(SafeRedisQueueItem item) {
    return routes.partOf(item).fail(item.uid());
  }

  /** Fails the item in its shard with a delay and a reason; see {@link SafeRedisQueue#fail}. */
  @Override
  public FailOutcome fail(SafeRedisQueueItem item, Duration delay, String reason) {
    return routes.partOf(item).fail(item.uid(), delay, reason);
  }

  /** Moves the item to its shard's dead letters; see {@link SafeRedisQueue#deadLetter}. */
  @Override
  public boolean deadLetter(SafeRedisQueueItem item, String reason) {
    return routes.partOf(item).deadLetter(item.uid(), reason);
  }

  /** Renews the items in their shards, one script per shard among them. */
  @Override
  public int renewItems(Collection<SafeRedisQueueItem> items) {
    return routes.sum(items, SafeRedisQueue::renew);
  }

  /** Releases the items in their shards, one script per shard among them. */
  @Override
  public int releaseItems(Collection<SafeRedisQueueItem> items) {
    return routes.sum(items, SafeRedisQueue::release);
  }

  // ---------------------------------------------------------------- views and administration

  /** The dead letters of all shards together; each is requeued into the shard it died in. */
  @Override
  public SafeRedisQueueDeadLetters deadLetters() {
    return deadLetters;
  }

  /** Runs one autoclean attempt in every shard; returns how many uids the rotations requeued. */
  @Override
  public long autoclean() {
    long requeued = 0;
    for (SafeRedisQueue shard : shards) {
      requeued += shard.admin().autoclean();
    }
    return requeued;
  }

  /** The sum of the shards' stats; see {@link SafeRedisQueueStats#sum(List)}. */
  @Override
  public SafeRedisQueueStats stats() {
    return SafeRedisQueueStats.sum(partStats());
  }

  /** Each shard's stats, in shard order (one script per shard). */
  public List<SafeRedisQueueStats> partStats() {
    return shards.stream().map(shard -> shard.admin().stats()).toList();
  }

  /** The logical queue's name (without braces); shard {@code i} is {@code {name-i}}. */
  @Override
  public String name() {
    return name;
  }

  /** The settings of the shards (all built alike), as the first shard has them. */
  @Override
  public SafeRedisQueueSettings settings() {
    return shards.get(0).settings();
  }

  /** The shards, in order: each an ordinary queue. */
  @Override
  public List<SafeRedisQueue> parts() {
    return shards;
  }

  /** Number of shards. */
  public int shardCount() {
    return shards.size();
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

  /** Reads an item's payload with the shards' serializer. */
  @Override
  public <T> T read(SafeRedisQueueItem item, Class<T> type) {
    return settings().serializer().deserialize(item.payload(), type);
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

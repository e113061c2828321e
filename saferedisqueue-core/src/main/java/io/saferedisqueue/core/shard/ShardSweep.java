package io.saferedisqueue.core.shard;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueException;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.redis.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The pops of a sharded queue: sweeps over the shards, starting at a shard that rotates with every
 * call so that no shard is starved, and the blocking pop that alternates sweeps with a short block
 * on one shard. Each item comes back as its shard delivered it, naming that shard.
 */
final class ShardSweep {

  private final List<SafeRedisQueue> shards;
  private final BooleanSupplier closed;
  private final AtomicInteger nextPop = new AtomicInteger();

  ShardSweep(List<SafeRedisQueue> shards, BooleanSupplier closed) {
    this.shards = shards;
    this.closed = closed;
  }

  /**
   * Takes an item if one waits in any shard, without blocking: one non-blocking pop per shard at
   * most, starting at a shard that rotates with each call.
   */
  Optional<SafeRedisQueueItem> tryPop() {
    int start = nextPop.getAndIncrement();
    for (int i = 0; i < shards.size(); i++) {
      Optional<SafeRedisQueueItem> item =
          shards.get(Math.floorMod(start + i, shards.size())).tryPop();
      if (item.isPresent()) {
        return item;
      }
    }
    return Optional.empty();
  }

  /**
   * Waits for an item of any shard as long as it takes; empty when the thread is interrupted (its
   * flag stays set) or this sharded queue is closed.
   */
  Optional<SafeRedisQueueItem> pop() {
    return pop(Duration.ZERO);
  }

  /**
   * As {@link SafeRedisQueue#pop(Duration)} over all shards: zero blocks until an item comes, a
   * positive duration at most that long, a negative one not at all. Between sweeps it blocks on one
   * shard at a time for at most {@value SafeRedisQueueShards#POLL_SLICE_MILLIS} ms (see the class
   * description).
   *
   * @throws IllegalArgumentException when the timeout is null
   */
  Optional<SafeRedisQueueItem> pop(Duration timeout) {
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
      if (closed.getAsBoolean()) {
        return Optional.empty(); // the shards' connections went away with close()
      }
      throw ex;
    }
  }

  private Optional<SafeRedisQueueItem> blockingPop(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long slice = Duration.ofMillis(SafeRedisQueueShards.POLL_SLICE_MILLIS).toNanos();
    while (!closed.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      Optional<SafeRedisQueueItem> ready = tryPop();
      if (ready.isPresent()) {
        return ready;
      }
      long remaining = timeout.isZero() ? slice : deadline - System.nanoTime();
      if (remaining <= 0) {
        return Optional.empty();
      }
      SafeRedisQueue shard = shards.get(Math.floorMod(nextPop.getAndIncrement(), shards.size()));
      long wait = Math.min(remaining, slice);
      long started = System.nanoTime();
      Optional<SafeRedisQueueItem> item = shard.pop(Duration.ofNanos(wait));
      if (item.isPresent()) {
        return item;
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
  List<SafeRedisQueueItem> popAvailable(int max) {
    Checks.max(max);
    List<SafeRedisQueueItem> taken = new ArrayList<>();
    int start = nextPop.getAndIncrement();
    for (int i = 0; i < shards.size() && taken.size() < max; i++) {
      SafeRedisQueue shard = shards.get(Math.floorMod(start + i, shards.size()));
      taken.addAll(shard.popAvailable(max - taken.size()));
    }
    return taken;
  }

  /**
   * Takes up to {@code max} waiting items from the shards; when none waits, blocks as {@link
   * #pop(Duration)} up to {@code timeout} for one, then takes up to {@code max - 1} more from its
   * shard without blocking. A zero or negative timeout does not block.
   *
   * @throws IllegalArgumentException when max is not positive or the timeout null
   */
  List<SafeRedisQueueItem> popBatch(int max, Duration timeout) {
    List<SafeRedisQueueItem> taken = popAvailable(max);
    if (timeout == null) {
      throw new IllegalArgumentException("timeout must be a duration, was null");
    }
    if (!taken.isEmpty() || timeout.isNegative() || timeout.isZero()) {
      return taken;
    }
    Optional<SafeRedisQueueItem> first = pop(timeout);
    if (first.isEmpty()) {
      return List.of();
    }
    List<SafeRedisQueueItem> batch = new ArrayList<>(List.of(first.get()));
    if (max > 1) {
      batch.addAll(shardOf(first.get()).popAvailable(max - 1));
    }
    return batch;
  }

  private SafeRedisQueue shardOf(SafeRedisQueueItem item) {
    return shards.stream()
        .filter(shard -> shard.name().equals(item.queue()))
        .findFirst()
        .orElseThrow();
  }
}

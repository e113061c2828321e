package io.saferedisqueue.core.support;

import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueFullException;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueMetrics;
import io.saferedisqueue.core.redis.Checks;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.script.AckPopScript;
import io.saferedisqueue.core.script.AckScript;
import io.saferedisqueue.core.script.PopScript;
import io.saferedisqueue.core.script.ReleaseScript;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The consuming side of a queue: non-blocking pops through the pop script, blocking pops as a
 * {@code BLMOVE} followed by the pop script, and the paced autoclean attempt before pops that the
 * Python library makes.
 */
public final class QueueConsumer {

  private static final Duration MAX_AUTOCLEAN_CHECK = Duration.ofSeconds(1);

  /** How often a consumer looks for items while Redis is full and refuses to block. */
  private static final Duration FULL_POLL = Duration.ofMillis(50);

  private final QueueRedis redis;
  private final PopScript pop;
  private final AckPopScript ackPop;
  private final AckScript ack;
  private final ReleaseScript release;
  private final Runnable autoclean;
  private final SafeRedisQueueMetrics.Recorder recorder;
  private final byte[] queueKey;
  private final byte[] ackbufKey;
  private final long autocleanCheckNanos;
  private volatile long nextAutocleanAttempt = System.nanoTime();

  /**
   * The consumer of one queue.
   *
   * @param autoclean the queue's autoclean attempt, run at most every quarter of the interval
   *     before pops
   */
  public QueueConsumer(
      QueueRedis redis,
      SafeRedisQueueKeys keys,
      int maxDeliveries,
      @Nullable Duration autocleanInterval,
      Runnable autoclean,
      SafeRedisQueueMetrics.Recorder recorder) {
    this.redis = redis;
    this.pop = new PopScript(redis, keys, maxDeliveries);
    this.ackPop = new AckPopScript(redis, keys, maxDeliveries);
    this.ack = new AckScript(redis, keys);
    this.release = new ReleaseScript(redis, keys);
    this.autoclean = autoclean;
    this.recorder = recorder;
    this.queueKey = Codec.bytes(keys.queue());
    this.ackbufKey = Codec.bytes(keys.ackbuf());
    // As the Python library, every pop first tries a rotation; here at most a few times a second.
    this.autocleanCheckNanos =
        autocleanInterval == null
            ? Long.MAX_VALUE
            : Math.min(autocleanInterval.toNanos() / 4, MAX_AUTOCLEAN_CHECK.toNanos());
  }

  /** Pops one item, waiting at most {@code timeout} (zero: forever, negative: no wait). */
  public Optional<SafeRedisQueueItem> pop(Duration timeout) {
    if (timeout == null) {
      throw new IllegalArgumentException(
          "timeout must be a duration (zero = forever, negative = no wait), was null");
    }
    if (timeout.isNegative()) {
      return tryPop();
    }
    boolean forever = timeout.isZero();
    long deadline = System.nanoTime() + timeout.toNanos();
    long slice = redis.blockSlice().toNanos();
    while (!redis.isClosed()) {
      // The pop script moves due delayed items and takes one; only an empty queue needs the
      // blocking wait.
      Optional<SafeRedisQueueItem> ready = tryPop();
      if (ready.isPresent()) {
        return ready;
      }
      long remaining = forever ? slice : deadline - System.nanoTime();
      if (remaining <= 0) {
        return Optional.empty();
      }
      List<SafeRedisQueueItem> taken =
          blockingTake(1, Duration.ofNanos(Math.min(remaining, slice)));
      if (!taken.isEmpty()) {
        return Optional.of(taken.get(0));
      }
      if (Thread.currentThread().isInterrupted()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The Python library's {@code get(timeout)}: 0 forever, above 0 at most that long, below 0 no
   * wait.
   */
  public Optional<SafeRedisQueueItem> pop(double timeoutSeconds) {
    if (Double.isNaN(timeoutSeconds)) {
      throw new IllegalArgumentException(
          "timeout must be a number of seconds (0 = forever, < 0 = no wait), was NaN");
    }
    if (timeoutSeconds < 0) {
      return tryPop();
    }
    if (timeoutSeconds == 0 || Double.isInfinite(timeoutSeconds)) {
      return pop(Duration.ZERO);
    }
    return pop(Duration.ofNanos(Math.max(1, (long) (timeoutSeconds * 1e9))));
  }

  /** Pops one item if one is waiting, without blocking. */
  public Optional<SafeRedisQueueItem> tryPop() {
    maybeAutoclean();
    List<SafeRedisQueueItem> items = popAvailable(1);
    return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
  }

  /** Pops up to {@code max} waiting items in one script, without blocking. */
  public List<SafeRedisQueueItem> popAvailable(int max) {
    return delivered(pop.pop(Checks.max(max)));
  }

  /** Acks {@code uids} and pops up to {@code max} waiting items in one script, without blocking. */
  public List<SafeRedisQueueItem> ackAndPopAvailable(Collection<String> uids, int max) {
    Checks.max(max);
    Object[] acks = Checks.uids(uids);
    maybeAutoclean();
    if (acks.length > 0 && redis.durable()) {
      // A durable ack waits for its replicas before anything is taken, so that when they do not
      // answer in time the caller gets the exception with no items popped and left in limbo.
      recorder.acked(ack.ack(acks));
      return popAvailable(max);
    }
    AckPopScript.Result result = ackPop.ackAndPop(acks, max);
    recorder.acked(result.acked());
    return delivered(new PopScript.Result(result.items(), result.deadLettered()));
  }

  /**
   * Pops up to {@code max} items, waiting at most {@code timeout} (or one blocking slice, so the
   * caller loops) for a first one when none is waiting; without waiting when {@code timeout} is
   * zero or negative.
   */
  public List<SafeRedisQueueItem> popBatch(int max, Duration timeout) {
    Checks.max(max);
    if (timeout == null) {
      throw new IllegalArgumentException("timeout must be a duration, was null");
    }
    maybeAutoclean();
    if (timeout.isNegative() || timeout.isZero()) {
      return popAvailable(max);
    }
    // Blocking first costs nothing with a backlog (BLMOVE returns at once, and the pop script
    // then takes up to max - 1 more), and saves a round trip per item when the queue runs empty.
    // A wait longer than a slice would risk the client's command timeout; the caller loops.
    Duration slice = redis.blockSlice();
    List<SafeRedisQueueItem> items =
        blockingTake(max, timeout.compareTo(slice) < 0 ? timeout : slice);
    // Nothing came: items whose delay is over are only moved by the pop script.
    return items.isEmpty() ? popAvailable(max) : items;
  }

  /**
   * Waits for the next item at most {@code timeout}: BLMOVE moves its uid from the queue to the ack
   * buffer (one waiting consumer wakes per item, as with the Python library's BRPOPLPUSH), then the
   * pop script counts that delivery, fetches the payload and takes up to {@code max - 1} more.
   * Between the two the uid is in flight, uncounted: if the process dies there, autoclean requeues
   * it and no handler ever saw it. When Redis is full it refuses BLMOVE, and this polls instead.
   */
  private List<SafeRedisQueueItem> blockingTake(int max, Duration timeout) {
    byte[] uid;
    try {
      uid = redis.blockingMove(queueKey, ackbufKey, timeout);
    } catch (SafeRedisQueueFullException ex) {
      // Over maxmemory Redis refuses BLMOVE (it may grow a list) but runs the pop script, which
      // is allowed to: poll until there is room to block again.
      return pollWhileFull(max, timeout);
    }
    if (uid == null) {
      return List.of();
    }
    try {
      return delivered(pop.popAfterMove(max, uid));
    } catch (SafeRedisQueueConfigurationException ex) {
      // A key of the pop script has another type: undo the move where the release script can
      // (else the uid stays in flight, uncounted, for autoclean), so the failure changes nothing.
      try {
        release.release(new Object[] {uid});
      } catch (RuntimeException undo) {
        ex.addSuppressed(undo);
      }
      throw ex;
    }
  }

  private List<SafeRedisQueueItem> pollWhileFull(int max, Duration timeout) {
    try {
      Thread.sleep(Math.max(1, Math.min(timeout.toMillis(), FULL_POLL.toMillis())));
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return List.of();
    }
    return popAvailable(max);
  }

  private List<SafeRedisQueueItem> delivered(PopScript.Result result) {
    if (!result.items().isEmpty()) {
      recorder.delivered(result.items().size());
    }
    if (result.deadLettered() > 0) {
      recorder.deadLettered(result.deadLettered());
    }
    return result.items();
  }

  private void maybeAutoclean() {
    if (autocleanCheckNanos == Long.MAX_VALUE) {
      return;
    }
    long now = System.nanoTime();
    if (now - nextAutocleanAttempt < 0) {
      return;
    }
    nextAutocleanAttempt = now + autocleanCheckNanos;
    try {
      autoclean.run();
    } catch (SafeRedisQueueFullException ex) {
      // Only Redis before 7.0 refuses a rotation over maxmemory (when all it would do is set the
      // lock); the pop itself still goes through, and the next attempt rotates.
    }
  }
}

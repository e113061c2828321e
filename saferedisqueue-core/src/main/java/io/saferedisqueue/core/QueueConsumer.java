package io.saferedisqueue.core;

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
final class QueueConsumer {

  private static final Duration MAX_AUTOCLEAN_CHECK = Duration.ofSeconds(1);

  private final QueueRedis redis;
  private final PopScript pop;
  private final AckPopScript ackPop;
  private final SafeRedisQueueAdmin admin;
  private final SafeRedisQueueMetrics.Recorder recorder;
  private final byte[] queueKey;
  private final byte[] ackbufKey;
  private final long autocleanCheckNanos;
  private volatile long nextAutocleanAttempt = System.nanoTime();

  QueueConsumer(
      QueueRedis redis,
      SafeRedisQueueKeys keys,
      int maxDeliveries,
      @Nullable Duration autocleanInterval,
      SafeRedisQueueAdmin admin,
      SafeRedisQueueMetrics.Recorder recorder) {
    this.redis = redis;
    this.pop = new PopScript(redis, keys, maxDeliveries);
    this.ackPop = new AckPopScript(redis, keys, maxDeliveries);
    this.admin = admin;
    this.recorder = recorder;
    this.queueKey = Codec.bytes(keys.queue());
    this.ackbufKey = Codec.bytes(keys.ackbuf());
    // As the Python library, every pop first tries a rotation; here at most a few times a second.
    this.autocleanCheckNanos =
        autocleanInterval == null
            ? Long.MAX_VALUE
            : Math.min(autocleanInterval.toNanos() / 4, MAX_AUTOCLEAN_CHECK.toNanos());
  }

  Optional<SafeRedisQueueItem> pop(Duration timeout) {
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

  Optional<SafeRedisQueueItem> tryPop() {
    maybeAutoclean();
    List<SafeRedisQueueItem> items = popAvailable(1);
    return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
  }

  List<SafeRedisQueueItem> popAvailable(int max) {
    return delivered(pop.pop(Checks.max(max)));
  }

  List<SafeRedisQueueItem> ackAndPopAvailable(Collection<String> uids, int max) {
    Checks.max(max);
    Object[] acks = Checks.uids(uids);
    maybeAutoclean();
    AckPopScript.Result result = ackPop.ackAndPop(acks, max);
    recorder.acked(result.acked());
    return delivered(new PopScript.Result(result.items(), result.deadLettered()));
  }

  List<SafeRedisQueueItem> popBatch(int max, Duration timeout) {
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
   * it and no handler ever saw it.
   */
  private List<SafeRedisQueueItem> blockingTake(int max, Duration timeout) {
    byte[] uid = redis.blockingMove(queueKey, ackbufKey, timeout);
    return uid == null ? List.of() : delivered(pop.popAfterMove(max, uid));
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
    admin.autoclean();
  }
}

package io.saferedisqueue.core.support;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueMetrics;
import io.saferedisqueue.core.redis.Checks;
import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.script.HandOffScript;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Acks an item of one queue and pushes a new item into a next queue: in one atomic script ({@code
 * handoff.lua}) when both queues are on the same Redis connection factory and, on a cluster, in the
 * same hash slot; otherwise the push first and then the ack (at-least-once: a crash in between
 * repeats the step, never loses it). With durable writes, the atomic script waits for the replicas
 * of whichever queue asks for more; the two steps each wait as their own queue asks.
 */
public final class HandOff {

  private final String queueName;
  private final QueueRedis redis;
  private final SafeRedisQueueKeys keys;
  private final SafeRedisQueueMetrics.Recorder recorder;

  /** The hand-off of one queue, counted in its metrics. */
  public HandOff(
      String queueName,
      QueueRedis redis,
      SafeRedisQueueKeys keys,
      SafeRedisQueueMetrics.Recorder recorder) {
    this.queueName = queueName;
    this.redis = redis;
    this.keys = keys;
    this.recorder = recorder;
  }

  /** Whether a hand-off to this next queue runs as one atomic script. */
  public boolean isAtomicWith(HandOff next) {
    return redis.sameSlot(next.redis, keys.items(), next.keys.items());
  }

  /**
   * Acks {@code uid} here and pushes {@code payload} into the next queue; returns the new uid, or
   * empty when the atomic script found {@code uid} not in flight (nothing was pushed).
   *
   * @param pushToNext the next queue's own push, for the two steps when the script cannot run
   * @param ackHere this queue's own ack, for the two steps
   */
  public Optional<String> handOff(
      String uid,
      HandOff next,
      Function<byte[], String> pushToNext,
      Consumer<String> ackHere,
      byte[] payload) {
    Checks.uid(uid);
    Checks.payload(payload);
    if (!isAtomicWith(next)) {
      String pushed = pushToNext.apply(payload);
      ackHere.accept(uid);
      return Optional.of(pushed);
    }
    String newUid = UUID.randomUUID().toString();
    // One script writes both queues: it waits for the replicas the more durable of the two asks.
    QueueRedis writer = next.redis.durableReplicas() > redis.durableReplicas() ? next.redis : redis;
    if (!HandOffScript.run(writer, keys, next.keys, uid, newUid, payload)) {
      return Optional.empty();
    }
    recorder.acked(1);
    next.recorder.pushed(1);
    return Optional.of(newUid);
  }

  @Override
  public String toString() {
    return "HandOff[" + queueName + "]";
  }
}

package io.saferedisqueue.core;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Acks an item of one queue and pushes a new item into a next queue: in one atomic script ({@code
 * handoff.lua}) when both queues are on the same Redis connection factory and, on a cluster, in the
 * same hash slot; otherwise the push first and then the ack (at-least-once: a crash in between
 * repeats the step, never loses it). With durable writes, the atomic script waits for the replicas
 * of whichever queue asks for more; the two steps each wait as their own queue asks.
 */
final class HandOff {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "handoff",
          Long.class,
          List.of("ackbuf", "backup", "items", "deliveries", "headers", "NEXT:items", "NEXT:queue"),
          List.of("uid", "newUid", "payload"),
          false);

  private final String queueName;
  private final QueueRedis redis;
  private final SafeRedisQueueKeys keys;
  private final SafeRedisQueueMetrics.Recorder recorder;

  HandOff(
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
  boolean isAtomicWith(HandOff next) {
    return redis.sameSlot(next.redis, keys.items(), next.keys.items());
  }

  /**
   * Acks {@code uid} here and pushes {@code payload} into the next queue; returns the new uid, or
   * empty when the atomic script found {@code uid} not in flight (nothing was pushed).
   */
  Optional<String> handOff(
      String uid, HandOff next, SafeRedisQueue nextQueue, SafeRedisQueue self, byte[] payload) {
    Checks.uid(uid);
    Checks.payload(payload);
    if (!isAtomicWith(next)) {
      String pushed = nextQueue.push(payload);
      self.ack(uid);
      return Optional.of(pushed);
    }
    String newUid = UUID.randomUUID().toString();
    // One script writes both queues: it waits for the replicas the more durable of the two asks.
    QueueRedis writer = next.redis.durableReplicas() > redis.durableReplicas() ? next.redis : redis;
    Long moved =
        SCRIPT.runDurable(
            writer,
            SCRIPT.keyNames(keys, next.keys),
            List.of(uid, newUid),
            Codec.bytes(uid),
            Codec.bytes(newUid),
            payload);
    if (Codec.longValue(moved) == 0) {
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

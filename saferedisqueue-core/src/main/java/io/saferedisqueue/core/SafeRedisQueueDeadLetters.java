package io.saferedisqueue.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The dead letters of one {@link SafeRedisQueue} ({@link SafeRedisQueue#deadLetters()}): items that
 * reached the maximum number of deliveries, could not be converted or failed with an error marked
 * not retryable, kept with their payload, delivery count, time and reason until requeued or
 * deleted. Requeue and delete are each one atomic script.
 */
public final class SafeRedisQueueDeadLetters {

  private final SafeRedisQueueKeys keys;
  private final QueueRedis redis;
  private final RequeueDeadScript requeue;
  private final DeleteDeadScript delete;

  SafeRedisQueueDeadLetters(SafeRedisQueueKeys keys, QueueRedis redis) {
    this.keys = keys;
    this.redis = redis;
    this.requeue = new RequeueDeadScript(redis, keys);
    this.delete = new DeleteDeadScript(redis, keys);
  }

  /**
   * Dead letters, oldest first, from {@code offset}, at most {@code limit} of them.
   *
   * @throws IllegalArgumentException when the offset is negative or the limit not positive
   */
  public List<DeadLetter> list(long offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException(
          "offset must be >= 0 and limit >= 1, were " + offset + " and " + limit);
    }
    Set<byte[]> uids =
        redis.execute(
            () -> redis.template().opsForZSet().range(keys.dead(), offset, offset + limit - 1));
    if (uids == null || uids.isEmpty()) {
      return List.of();
    }
    List<String> uidTexts = uids.stream().map(Codec::text).toList();
    List<byte[]> payloads =
        redis.execute(
            () ->
                redis.template().<String, byte[]>opsForHash().multiGet(keys.deadItems(), uidTexts));
    List<byte[]> infos =
        redis.execute(
            () ->
                redis.template().<String, byte[]>opsForHash().multiGet(keys.deadInfo(), uidTexts));
    List<DeadLetter> result = new ArrayList<>(uidTexts.size());
    for (int i = 0; i < uidTexts.size(); i++) {
      byte[] payload = payloads.get(i);
      byte[] info = infos.get(i);
      if (payload == null || info == null) {
        continue; // requeued or deleted between the reads
      }
      String[] parts = Codec.text(info).split("\n", 3);
      result.add(
          new DeadLetter(
              uidTexts.get(i),
              payload,
              Integer.parseInt(parts[0]),
              Instant.ofEpochMilli(Long.parseLong(parts[1])),
              parts.length > 2 ? parts[2] : ""));
    }
    return result;
  }

  /** How many dead letters there are. */
  public long count() {
    Long count = redis.execute(() -> redis.template().opsForZSet().zCard(keys.dead()));
    return Codec.longValue(count);
  }

  /**
   * Puts these dead letters back at the end of the waiting line (behind what waits) with a fresh
   * delivery count, in one atomic step; returns how many were requeued.
   */
  public long requeue(Collection<String> uids) {
    Object[] args = Checks.uids(uids);
    return args.length == 0 ? 0 : requeue.requeue(args);
  }

  /** Requeues every dead letter, oldest first; returns how many. */
  public long requeueAll() {
    return requeue.requeue(new Object[0]);
  }

  /** Deletes these dead letters for good; returns how many existed. */
  public long delete(Collection<String> uids) {
    Object[] args = Checks.uids(uids);
    return args.length == 0 ? 0 : delete.delete(args);
  }

  /** Deletes every dead letter; returns how many. */
  public long deleteAll() {
    return delete.delete(new Object[0]);
  }
}

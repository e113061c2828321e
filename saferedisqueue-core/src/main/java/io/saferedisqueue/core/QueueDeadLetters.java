package io.saferedisqueue.core;

import io.saferedisqueue.core.redis.Checks;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.redis.StepBudget;
import io.saferedisqueue.core.script.DeleteDeadScript;
import io.saferedisqueue.core.script.RequeueDeadScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The dead letters of one {@link SafeRedisQueue} ({@link SafeRedisQueue#deadLetters()}): items that
 * reached the maximum number of deliveries, could not be converted or failed with an error marked
 * not retryable, kept with their payload, delivery count, time and reason until requeued or
 * deleted. Requeuing and deleting go in atomic scripts of at most 1,000 dead letters (requeuing: or
 * 2 ms); deleting all is one.
 */
final class QueueDeadLetters implements SafeRedisQueueDeadLetters {

  private final SafeRedisQueueKeys keys;
  private final QueueRedis redis;
  private final RequeueDeadScript requeue;
  private final DeleteDeadScript delete;
  private final StepBudget budget;

  QueueDeadLetters(SafeRedisQueueKeys keys, QueueRedis redis, StepBudget budget) {
    this.keys = keys;
    this.budget = budget;
    this.redis = redis;
    this.requeue = new RequeueDeadScript(redis, keys);
    this.delete = new DeleteDeadScript(redis, keys);
  }

  /**
   * Dead letters, oldest first, from {@code offset}, at most {@code limit} of them.
   *
   * @throws IllegalArgumentException when the offset is negative or the limit not positive
   */
  @Override
  public List<DeadLetter> list(long offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException(
          "offset must be >= 0 and limit >= 1, were " + offset + " and " + limit);
    }
    Set<byte[]> uids =
        redis.execute(
            "listing of dead letters",
            () -> redis.template().opsForZSet().range(keys.dead(), offset, offset + limit - 1));
    if (uids == null || uids.isEmpty()) {
      return List.of();
    }
    List<String> uidTexts = uids.stream().map(Codec::text).toList();
    List<byte[]> payloads =
        redis.execute(
            "listing of dead letters",
            () ->
                redis.template().<String, byte[]>opsForHash().multiGet(keys.deadItems(), uidTexts));
    List<byte[]> infos =
        redis.execute(
            "listing of dead letters",
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
  @Override
  public long count() {
    Long count =
        redis.execute(
            "count of dead letters", () -> redis.template().opsForZSet().zCard(keys.dead()));
    return Codec.longValue(count);
  }

  /**
   * Puts these dead letters back at the end of the waiting line (behind what waits) with a fresh
   * delivery count; returns how many were requeued. They go in atomic steps of at most 1,000 or 2
   * ms (a dead letter is either still dead or waiting again, never both or neither).
   */
  @Override
  public long requeue(Collection<String> uids) {
    Object[] all = Checks.uids(uids);
    long requeued = 0;
    int from = 0;
    while (from < all.length) {
      Object[] part = Arrays.copyOfRange(all, from, Math.min(all.length, from + budget.items()));
      RequeueDeadScript.Result step = requeue.requeue(part, budget);
      requeued += step.requeued();
      from += (int) Math.max(1, step.through());
    }
    return requeued;
  }

  /**
   * Requeues every dead letter there is when the call starts, oldest first, in steps of at most
   * 1,000 or 2 ms, each one atomic script, so that Redis serves everyone else between them however
   * many there are and however big their payloads; returns how many were requeued. Dead letters
   * that arrive meanwhile may be requeued too, or left for the next call.
   */
  @Override
  public long requeueAll() {
    RequeueDeadScript.Result step = requeue.requeueOldest(budget.items(), budget);
    long requeued = step.requeued();
    long total = step.removed() + step.left();
    long removed = step.removed();
    while (step.left() > 0 && step.through() > 0 && removed < total) {
      step = requeue.requeueOldest((int) Math.min(budget.items(), total - removed), budget);
      requeued += step.requeued();
      removed += step.removed();
    }
    return requeued;
  }

  /** Deletes these dead letters for good, in atomic steps of up to 1,000; returns how many. */
  @Override
  public long delete(Collection<String> uids) {
    Object[] all = Checks.uids(uids);
    long deleted = 0;
    for (int from = 0; from < all.length; from += budget.items()) {
      deleted +=
          delete.delete(Arrays.copyOfRange(all, from, Math.min(all.length, from + budget.items())));
    }
    return deleted;
  }

  /**
   * Deletes every dead letter in one atomic step; returns how many. The keys go with {@code
   * UNLINK}, which Redis does at once whatever their size and frees their memory in a background
   * thread.
   */
  @Override
  public long deleteAll() {
    return delete.delete(new Object[0]);
  }
}

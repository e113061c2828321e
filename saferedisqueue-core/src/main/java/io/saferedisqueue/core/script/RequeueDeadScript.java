package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.redis.StepBudget;
import java.util.List;

/**
 * {@code requeuedead.lua}: puts dead letters back into the queue with a fresh delivery count, the
 * given ones or a bounded number of the oldest.
 */
@SuppressWarnings("rawtypes")
public final class RequeueDeadScript {

  /** The script, loaded once. */
  public static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "requeuedead",
          "requeue of dead letters",
          List.class,
          List.of("dead", "deaditems", "deadinfo", "items", "queue"),
          List.of("chunk", "micros"),
          true);

  /**
   * One call's outcome.
   *
   * @param requeued dead letters now waiting in the queue again
   * @param removed dead letters taken out (requeued, or lacking a payload)
   * @param through uids gone through (at least one of the given ones), the rest left for later
   * @param left dead letters left after the call
   */
  public record Result(long requeued, long removed, long through, long left) {}

  private final QueueScript<List>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public RequeueDeadScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /**
   * Requeues these dead letters (checked script arguments), as many as the budget's time allows.
   */
  public Result requeue(Object[] uids, StepBudget budget) {
    Object[] head = {Codec.number(1), Codec.number(budget.micros())};
    return decode(bound.run(Codec.concat(head, uids)));
  }

  /** Requeues the oldest dead letters, at most {@code items} and as many as the time allows. */
  public Result requeueOldest(int items, StepBudget budget) {
    return decode(bound.run(Codec.number(items), Codec.number(budget.micros())));
  }

  private static Result decode(@org.jspecify.annotations.Nullable List<?> reply) {
    if (reply == null || reply.size() < 4) {
      return new Result(0, 0, 0, 0);
    }
    return new Result(
        Codec.longAt(reply, 0),
        Codec.longAt(reply, 1),
        Codec.longAt(reply, 2),
        Codec.longAt(reply, 3));
  }
}

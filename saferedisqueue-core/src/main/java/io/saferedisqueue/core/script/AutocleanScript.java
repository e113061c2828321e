package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.redis.StepBudget;
import java.util.List;

/**
 * {@code autoclean.lua}: one step of a rotation of the crash-recovery generations, unless locked; a
 * step moves a bounded number of uids, so a rotation of a big backlog is many short scripts.
 */
@SuppressWarnings("rawtypes")
public final class AutocleanScript {

  /** The script, loaded once. */
  public static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "autoclean",
          "autoclean rotation",
          List.class,
          List.of("backuplock", "backup", "queue", "ackbuf"),
          List.of("interval", "chunk", "micros"),
          false);

  /** What one step did. */
  public enum State {
    /** The lock was held: no rotation now. */
    LOCKED,
    /** Uids were moved and backup still holds some: step again. */
    MORE,
    /** The rotation is complete and the lock set. */
    DONE
  }

  /**
   * One step's outcome.
   *
   * @param moved uids moved from backup to the queue by this step
   */
  public record Step(State state, long moved) {}

  private final QueueScript<List>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public AutocleanScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Moves uids within the budget, and completes the rotation once backup is empty. */
  public Step step(long intervalMillis, StepBudget budget) {
    List<?> reply =
        bound.run(
            Codec.number(Math.max(1, intervalMillis)),
            Codec.number(budget.items()),
            Codec.number(budget.micros()));
    if (reply == null || reply.size() < 2) {
      return new Step(State.LOCKED, 0);
    }
    State state =
        switch ((int) Codec.longAt(reply, 0)) {
          case 1 -> State.MORE;
          case 2 -> State.DONE;
          default -> State.LOCKED;
        };
    return new Step(state, Codec.longAt(reply, 1));
  }
}

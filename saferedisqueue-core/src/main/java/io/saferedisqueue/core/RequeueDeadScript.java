package io.saferedisqueue.core;

import java.util.List;

/**
 * {@code requeuedead.lua}: puts dead letters back into the queue with a fresh delivery count, the
 * given ones or a bounded number of the oldest.
 */
@SuppressWarnings("rawtypes")
final class RequeueDeadScript {

  static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "requeuedead",
          List.class,
          List.of("dead", "deaditems", "deadinfo", "items", "queue"),
          List.of("chunk"),
          true);

  /**
   * One call's outcome.
   *
   * @param requeued dead letters now waiting in the queue again
   * @param removed dead letters taken out (requeued, or lacking a payload)
   * @param left dead letters left after the call
   */
  record Result(long requeued, long removed, long left) {}

  private final QueueScript<List>.Bound bound;

  RequeueDeadScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Requeues these dead letters (checked script arguments). */
  Result requeue(Object[] uids) {
    return decode(bound.run(Codec.concat(new Object[] {Codec.number(1)}, uids)));
  }

  /** Requeues the oldest {@code chunk} dead letters. */
  Result requeueOldest(int chunk) {
    return decode(bound.run(Codec.number(chunk)));
  }

  private static Result decode(@org.jspecify.annotations.Nullable List<?> reply) {
    if (reply == null || reply.size() < 3) {
      return new Result(0, 0, 0);
    }
    return new Result(Codec.longAt(reply, 0), Codec.longAt(reply, 1), Codec.longAt(reply, 2));
  }
}

package io.saferedisqueue.core;

/**
 * Lengths of a queue's lists, read together in one atomic step.
 *
 * @param waiting uids in {@code queue}, waiting for delivery
 * @param ackbuf uids in {@code ackbuf}: delivered and not acked, young generation
 * @param backup uids in {@code backup}: unacked across one rotation, requeued by the next
 * @param delayed uids waiting for their due time (failed or pushed with a delay)
 * @param dead dead letters
 */
public record SafeRedisQueueSizes(long waiting, long ackbuf, long backup, long delayed, long dead) {

  /** Sizes with no delayed items and no dead letters. */
  public SafeRedisQueueSizes(long waiting, long ackbuf, long backup) {
    this(waiting, ackbuf, backup, 0, 0);
  }

  /** Items delivered and neither acked nor failed yet. */
  public long inFlight() {
    return ackbuf + backup;
  }
}

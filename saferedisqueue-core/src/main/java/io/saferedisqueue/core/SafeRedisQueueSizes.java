package io.saferedisqueue.core;

/**
 * Lengths of a queue's lists, read together in one atomic step.
 *
 * @param waiting uids in {@code queue}, waiting for delivery
 * @param ackbuf uids in {@code ackbuf}: delivered and not acked, young generation
 * @param backup uids in {@code backup}: unacked across one rotation, requeued by the next
 */
public record SafeRedisQueueSizes(long waiting, long ackbuf, long backup) {

  /** Items delivered and neither acked nor failed yet. */
  public long inFlight() {
    return ackbuf + backup;
  }
}

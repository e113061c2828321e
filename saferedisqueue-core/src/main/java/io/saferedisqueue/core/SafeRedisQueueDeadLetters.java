package io.saferedisqueue.core;

import java.util.Collection;
import java.util.List;

/**
 * The dead letters of a queue ({@link SafeRedisQueueOperations#deadLetters()}): items that reached
 * the maximum number of deliveries, could not be converted or failed with an error marked not
 * retryable, kept with their payload, delivery count, time and reason until requeued or deleted.
 * For a queue of several parts the view covers all of them, each dead letter requeued into the part
 * it died in.
 */
public interface SafeRedisQueueDeadLetters {

  /**
   * Dead letters, oldest first (part by part, in part order, for several parts), from {@code
   * offset}, at most {@code limit} of them.
   *
   * @throws IllegalArgumentException when the offset is negative or the limit not positive
   */
  List<DeadLetter> list(long offset, int limit);

  /** How many dead letters there are. */
  long count();

  /**
   * Puts these dead letters back at the end of the waiting line (behind what waits) with a fresh
   * delivery count; returns how many were requeued. They go in atomic steps of at most 1,000 or 2
   * ms (a dead letter is either still dead or waiting again, never both or neither).
   */
  long requeue(Collection<String> uids);

  /**
   * Requeues every dead letter there is when the call starts, oldest first, in steps of at most
   * 1,000 or 2 ms, each one atomic script; returns how many were requeued. Dead letters that arrive
   * meanwhile may be requeued too, or left for the next call.
   */
  long requeueAll();

  /** Deletes these dead letters for good, in atomic steps of up to 1,000; returns how many. */
  long delete(Collection<String> uids);

  /**
   * Deletes every dead letter (of each part: one atomic step per part); returns how many. The keys
   * go with {@code UNLINK}, which frees their memory in a background thread.
   */
  long deleteAll();
}

package io.saferedisqueue.core;

/** What {@link SafeRedisQueue#fail(String, java.time.Duration, String)} did with an item. */
public enum FailOutcome {
  /** The uid was not in flight: nothing changed. */
  NOT_IN_FLIGHT,
  /** Back in the queue, behind what is waiting. */
  REQUEUED,
  /** In the delayed set, queued again when due. */
  DELAYED,
  /** It had reached the maximum number of deliveries: now a dead letter. */
  DEAD_LETTERED
}

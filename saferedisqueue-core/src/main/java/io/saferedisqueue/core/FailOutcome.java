package io.saferedisqueue.core;

import java.util.List;

/** What {@link SafeRedisQueue#fail(String, java.time.Duration, String)} did with an item. */
public enum FailOutcome {
  /**
   * The uid was not in flight, or its item no longer existed (acked meanwhile by a duplicate
   * delivery): nothing was requeued or stored.
   */
  NOT_IN_FLIGHT(0),
  /** Back in the queue, behind what is waiting. */
  REQUEUED(1),
  /** In the delayed set, queued again when due. */
  DELAYED(2),
  /** It had reached the maximum number of deliveries: now a dead letter. */
  DEAD_LETTERED(3);

  private final int code;

  FailOutcome(int code) {
    this.code = code;
  }

  /** How many of these outcomes found their uid in flight. */
  static int countInFlight(List<FailOutcome> outcomes) {
    return (int) outcomes.stream().filter(outcome -> outcome != NOT_IN_FLIGHT).count();
  }

  /** The outcome for a code of {@code fail.lua}'s reply. */
  public static FailOutcome ofCode(int code) {
    for (FailOutcome outcome : values()) {
      if (outcome.code == code) {
        return outcome;
      }
    }
    throw new SafeRedisQueueException("Unknown outcome code " + code + " in a reply of fail.lua");
  }
}

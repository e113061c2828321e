package io.saferedisqueue.core.redis;

/**
 * How much one step of a long job (a rotation of a big old generation, requeuing many dead letters,
 * pruning headers) may do in one script, so that Redis serves everyone else between steps: at most
 * {@code items}, and no more once it has run {@code micros} (a step always makes progress).
 *
 * @param items most items per step
 * @param micros microseconds after which a step stops
 */
public record StepBudget(int items, long micros) {

  /** 1,000 items or 2 ms: a step stays far below 10 ms even on a slow, busy server. */
  public static final StepBudget DEFAULT = new StepBudget(1000, 2000);
}

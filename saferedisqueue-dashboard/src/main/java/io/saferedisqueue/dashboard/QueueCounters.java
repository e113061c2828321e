package io.saferedisqueue.dashboard;

import org.jspecify.annotations.Nullable;

/**
 * What this process counted for a queue so far, for the dashboard's rate charts: the queues' own
 * counters ({@code saferedisqueue.items.*} in Micrometer), so the rates are this process's pushes,
 * acks and failures, not those of other instances or of Python clients.
 */
@FunctionalInterface
interface QueueCounters {

  /** Counts nothing: the charts show no rates. */
  QueueCounters NONE = queueName -> null;

  /** The counts of this queue, or {@code null} when this process does not count it. */
  @Nullable Counts counts(String queueName);

  /**
   * Items counted since the process started.
   *
   * @param pushed items pushed
   * @param acked items acked
   * @param failed items failed back into the queue or the delayed set
   */
  record Counts(double pushed, double acked, double failed) {}
}

package io.saferedisqueue.core;

import java.time.Duration;
import java.util.List;

/**
 * A write of a queue with {@link SafeRedisQueueBuilder#durableReplicas durable writes} took effect
 * on the primary, but fewer replicas than asked acknowledged it within the durable timeout ({@code
 * WAIT} returned a smaller count). Nothing is rolled back: a push is stored and will be delivered,
 * an ack or fail is done. What is not guaranteed is that the write survives a failover to a replica
 * that did not get it: then a pushed item may be lost, an acked item delivered again, a failed item
 * left in flight until autoclean requeues it. The message names the operation, the uids, the counts
 * and the timeout.
 */
public class SafeRedisQueueDurabilityException extends SafeRedisQueueException {

  private static final long serialVersionUID = 1L;

  private final String operation;
  private final List<String> uids;
  private final int acknowledgedReplicas;
  private final int requestedReplicas;
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param message the full message
   * @param operation what was written ("push", "ack", ...)
   * @param uids the uids the write touched (stored, acked, failed or handed off)
   * @param acknowledgedReplicas how many replicas acknowledged the write in time
   * @param requestedReplicas how many were asked for
   * @param timeout how long the queue waited for them
   */
  public SafeRedisQueueDurabilityException(
      String message,
      String operation,
      List<String> uids,
      int acknowledgedReplicas,
      int requestedReplicas,
      Duration timeout) {
    super(message);
    this.operation = operation;
    this.uids = List.copyOf(uids);
    this.acknowledgedReplicas = acknowledgedReplicas;
    this.requestedReplicas = requestedReplicas;
    this.timeout = timeout;
  }

  /** What was written: push, ack, fail, hand-off or dead-lettering. */
  public String operation() {
    return operation;
  }

  /** The uids the write touched; it took effect on the primary for every one of them. */
  public List<String> uids() {
    return uids;
  }

  /** How many replicas acknowledged the write within the timeout (fewer than requested). */
  public int acknowledgedReplicas() {
    return acknowledgedReplicas;
  }

  /** How many replicas the queue's durable setting asks for. */
  public int requestedReplicas() {
    return requestedReplicas;
  }

  /** How long the queue waited for the replicas. */
  public Duration timeout() {
    return timeout;
  }
}

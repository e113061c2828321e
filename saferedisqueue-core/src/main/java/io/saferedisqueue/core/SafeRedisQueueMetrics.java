package io.saferedisqueue.core;

/**
 * What a {@link SafeRedisQueue} reports about the items that pass through it, for metrics: set one
 * with {@link SafeRedisQueueBuilder#metrics(SafeRedisQueueMetrics)}. The default, {@link #none()},
 * reports nothing and costs nothing beyond an empty call.
 *
 * <p>A queue asks for its {@link Recorder} once, when it is built, and then tells it the counts of
 * every operation that went through in Redis, after the operation's script returned (never for an
 * operation that failed). Counts are exact per instance: {@code pushAll} and {@code ackAll} report
 * every item, {@code fail} reports each outcome. Items moved by other processes (Python clients,
 * other instances) are counted by those processes, not here.
 *
 * <p>Implementations must be thread-safe and fast: recorders are called on the caller's thread,
 * right after the Redis round trip, and must not throw.
 */
public interface SafeRedisQueueMetrics {

  /** Reports nothing. */
  static SafeRedisQueueMetrics none() {
    return name -> Recorder.NONE;
  }

  /**
   * The recorder of the queue with this name; called once per queue, while the queue is built.
   *
   * @param queueName the queue's name
   */
  Recorder recorder(String queueName);

  /**
   * Called once the queue has been built, for example to register gauges of its sizes; does nothing
   * by default.
   */
  default void queueCreated(SafeRedisQueue queue) {}

  /** Receives one queue's counts. Every method does nothing by default. */
  interface Recorder {

    /** Records nothing. */
    Recorder NONE = new Recorder() {};

    /** Items stored and queued (or parked in the delayed set) by push or pushAll. */
    default void pushed(int count) {}

    /** Items handed to a consumer by pop, popBatch or popAvailable. */
    default void delivered(int count) {}

    /** Items acked that were in flight. */
    default void acked(int count) {}

    /** Items failed back into the queue or into the delayed set (not dead-lettered). */
    default void failed(int count) {}

    /**
     * Items that became dead letters: explicitly, failed on their last delivery, or popped after
     * too many deliveries.
     */
    default void deadLettered(int count) {}

    /** Items requeued by an autoclean rotation (their consumer neither acked nor failed them). */
    default void requeued(long count) {}
  }
}

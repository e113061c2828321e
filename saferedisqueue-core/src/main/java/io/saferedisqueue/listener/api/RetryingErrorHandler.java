package io.saferedisqueue.listener.api;

import io.saferedisqueue.core.FailOutcome;
import io.saferedisqueue.core.PayloadConversionException;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The listeners' default error handling: retry with back-off up to a maximum number of deliveries,
 * then dead-letter; dead-letter at once what retrying cannot fix.
 *
 * <ul>
 *   <li>A payload that cannot be converted ({@link PayloadConversionException}) or an error of a
 *       type marked not retryable (or caused by one) goes to the queue's dead letters at its first
 *       failure, with the exception's class and message as the reason.
 *   <li>Otherwise the item is failed with the delay the {@link BackOff} gives for its delivery
 *       number (the first failure asks for the first back-off); it waits in the queue's delayed set
 *       and is queued again when due. A back-off that says stop dead-letters the item.
 *   <li>An item failed on its last allowed delivery becomes a dead letter instead; all of this is
 *       one atomic step in Redis.
 * </ul>
 */
public final class RetryingErrorHandler implements SafeQueueErrorHandler {

  private static final Log logger = LogFactory.getLog(RetryingErrorHandler.class);

  private final int maxDeliveries;
  private final BackOff backOff;
  private final List<Class<? extends Throwable>> notRetryable;

  /**
   * Creates the handler.
   *
   * @param maxDeliveries deliveries after which a failing item is dead-lettered (0: never)
   * @param backOff delay before each redelivery
   * @param notRetryable exception types that dead-letter at once (also as a cause)
   * @throws IllegalArgumentException when {@code maxDeliveries} is negative
   */
  public RetryingErrorHandler(
      int maxDeliveries, BackOff backOff, List<Class<? extends Throwable>> notRetryable) {
    // This strategy sits below the listener package (which holds the settings' checks), so it
    // guards its own constructor, with the same message.
    if (maxDeliveries < 0) {
      throw new IllegalArgumentException(
          "maxDeliveries must be >= 1, or 0 for unlimited, was " + maxDeliveries);
    }
    this.maxDeliveries = maxDeliveries;
    this.backOff = Objects.requireNonNull(backOff, "backOff");
    this.notRetryable = List.copyOf(notRetryable);
  }

  /** The maximum number of deliveries (0: unlimited). */
  public int getMaxDeliveries() {
    return maxDeliveries;
  }

  /** The back-off between deliveries. */
  public BackOff getBackOff() {
    return backOff;
  }

  /** The exception types that dead-letter at once. */
  public List<Class<? extends Throwable>> getNotRetryable() {
    return notRetryable;
  }

  @Override
  public void handleError(SafeRedisQueueItem item, Throwable error, SafeRedisQueue queue) {
    Throwable cause =
        error instanceof ListenerExecutionFailedException && error.getCause() != null
            ? error.getCause()
            : error;
    String reason = cause.getClass().getName() + ": " + cause.getMessage();
    if (isNotRetryable(cause)) {
      boolean moved = queue.deadLetter(item.uid(), reason);
      log(item, queue, moved ? "dead-lettered (not retryable)" : "not in flight any more", error);
      return;
    }
    long delay = delayFor(item.deliveries());
    if (delay == BackOffExecution.STOP) {
      boolean moved = queue.deadLetter(item.uid(), reason);
      log(
          item,
          queue,
          moved ? "dead-lettered (back-off exhausted)" : "not in flight any more",
          error);
      return;
    }
    FailOutcome outcome =
        queue.failAll(List.of(item.uid()), Duration.ofMillis(delay), reason, maxDeliveries).get(0);
    String what =
        switch (outcome) {
          case REQUEUED -> "requeued (delivery " + item.deliveries() + ")";
          case DELAYED -> "retried in " + delay + " ms (delivery " + item.deliveries() + ")";
          case DEAD_LETTERED -> "dead-lettered after " + item.deliveries() + " deliveries";
          case NOT_IN_FLIGHT -> "not in flight any more";
        };
    log(item, queue, what, error);
  }

  private boolean isNotRetryable(Throwable cause) {
    for (Throwable current = cause; current != null; current = current.getCause()) {
      if (current instanceof PayloadConversionException) {
        return true;
      }
      for (Class<? extends Throwable> type : notRetryable) {
        if (type.isInstance(current)) {
          return true;
        }
      }
      if (current.getCause() == current) {
        break;
      }
    }
    return false;
  }

  /** The back-off for the failure of delivery {@code n}: the n-th value of a fresh execution. */
  private long delayFor(int delivery) {
    BackOffExecution execution = backOff.start();
    long delay = 0;
    for (int i = 0; i < Math.max(1, delivery); i++) {
      delay = execution.nextBackOff();
      if (delay == BackOffExecution.STOP) {
        return delay;
      }
    }
    return Math.max(0, delay);
  }

  private static void log(
      SafeRedisQueueItem item, SafeRedisQueue queue, String what, Throwable error) {
    if (logger.isWarnEnabled()) {
      logger.warn(
          "Item "
              + item.uid()
              + " of queue '"
              + queue.name()
              + "' "
              + what
              + ": "
              + error.getMessage(),
          what.startsWith("dead") ? error : null);
    }
  }

  @Override
  public String toString() {
    return "RetryingErrorHandler[maxDeliveries="
        + maxDeliveries
        + ", backOff="
        + backOff
        + ", notRetryable="
        + notRetryable
        + "]";
  }
}

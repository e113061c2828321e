package io.saferedisqueue.listener.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a batch listener to fail only some items of its batch: the items at the {@linkplain
 * #getFailedIndexes() indexes} named here (positions in the list the listener received) go to the
 * container's {@link SafeQueueErrorHandler}, each with its own cause and delivery count (so the
 * usual retry, back-off and dead-letter rules apply per item), and all the other items of the batch
 * are acked together, in one round trip. This is the counterpart of Spring Kafka's {@code
 * BatchListenerFailedException}, for any number of failed items.
 *
 * <p>An index the batch does not have (at or beyond its size) makes the container treat the whole
 * batch as failed, since it cannot tell which items were processed; nothing is acked then.
 */
public class SafeQueueBatchFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final TreeMap<Integer, Throwable> failures;

  /**
   * Fails the items at these indexes, all with the same cause.
   *
   * @param message what went wrong
   * @param cause why the items failed (what the error handler sees as the items' failure), or
   *     {@code null} to use this exception
   * @param failedIndexes positions of the failed items in the batch, at least one
   * @throws IllegalArgumentException when no index is given or one is negative
   */
  public SafeQueueBatchFailedException(
      String message, @Nullable Throwable cause, int... failedIndexes) {
    super(message, cause);
    if (failedIndexes == null || failedIndexes.length == 0) {
      throw new IllegalArgumentException(
          "a SafeQueueBatchFailedException names at least one failed index; throw another"
              + " exception to fail the whole batch");
    }
    TreeMap<Integer, Throwable> byIndex = new TreeMap<>();
    for (int index : failedIndexes) {
      byIndex.put(checkIndex(index), cause != null ? cause : this);
    }
    this.failures = byIndex;
  }

  /**
   * Fails the items at the keys of {@code failures}, each with its own cause (so that, for example,
   * one item is dead-lettered at once for a not-retryable error while another is retried).
   *
   * @param message what went wrong
   * @param failures the cause of each failed item by its position in the batch, at least one
   * @throws IllegalArgumentException when the map is empty or an index is negative
   */
  public SafeQueueBatchFailedException(String message, Map<Integer, ? extends Throwable> failures) {
    super(message);
    if (failures == null || failures.isEmpty()) {
      throw new IllegalArgumentException(
          "a SafeQueueBatchFailedException names at least one failed index; throw another"
              + " exception to fail the whole batch");
    }
    TreeMap<Integer, Throwable> byIndex = new TreeMap<>();
    failures.forEach(
        (index, cause) ->
            byIndex.put(
                checkIndex(Objects.requireNonNull(index, "index")),
                Objects.requireNonNull(cause, "cause of index " + index)));
    this.failures = byIndex;
  }

  private static int checkIndex(int index) {
    if (index < 0) {
      throw new IllegalArgumentException(
          "failed index must be a position in the batch (>= 0), was " + index);
    }
    return index;
  }

  /** Positions of the failed items in the batch, in ascending order. */
  public Set<Integer> getFailedIndexes() {
    return Collections.unmodifiableSet(failures.keySet());
  }

  /** The cause of each failed item by its position, in ascending order of the positions. */
  public Map<Integer, Throwable> getFailures() {
    return Collections.unmodifiableMap(failures);
  }
}

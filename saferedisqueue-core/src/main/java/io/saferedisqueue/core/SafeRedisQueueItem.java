package io.saferedisqueue.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An item delivered by {@link SafeRedisQueue#pop()} (or any {@link SafeRedisQueueOperations}): its
 * uid and its payload bytes, exactly as the producer stored them, and the name of the queue that
 * delivered it. It stays in flight until it is acked or failed, by this item through the queue's
 * {@link SafeRedisQueueOperations operations} or by its uid through {@link SafeRedisQueue}.
 *
 * @param uid the item's uid (a canonical 36-character UUID string when pushed by this library or
 *     the Python one)
 * @param payload the stored bytes
 * @param deliveries how many times this library's consumers have received the item, this delivery
 *     included (1 on the first delivery; deliveries by Python consumers are not counted)
 * @param queue the name of the (physical) queue that delivered the item, filled by every pop;
 *     {@code null} for an item built by hand, which the item-taking forms accept only on a plain
 *     queue
 */
public record SafeRedisQueueItem(
    String uid, byte[] payload, int deliveries, @Nullable String queue) {

  /** Checks the components. */
  public SafeRedisQueueItem {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(payload, "payload");
  }

  /** An item that does not say which queue delivered it. */
  public SafeRedisQueueItem(String uid, byte[] payload, int deliveries) {
    this(uid, payload, deliveries, null);
  }

  /** An item on its first delivery. */
  public SafeRedisQueueItem(String uid, byte[] payload) {
    this(uid, payload, 1);
  }

  /** The payload decoded as UTF-8, the way the Python library stores text. */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** This item as delivered by the queue of this name. */
  public SafeRedisQueueItem withQueue(String queue) {
    return new SafeRedisQueueItem(uid, payload, deliveries, Objects.requireNonNull(queue, "queue"));
  }

  /**
   * Equal when uid, payload and deliveries are: the delivering queue is where the item came from,
   * not part of what it is.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof SafeRedisQueueItem item
        && uid.equals(item.uid)
        && deliveries == item.deliveries
        && Arrays.equals(payload, item.payload);
  }

  @Override
  public int hashCode() {
    return 31 * uid.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "SafeRedisQueueItem[uid="
        + uid
        + ", payload="
        + payload.length
        + " bytes, deliveries="
        + deliveries
        + (queue == null ? "" : ", queue=" + queue)
        + "]";
  }
}

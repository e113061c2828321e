package io.saferedisqueue.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An item delivered by {@link SafeRedisQueue#pop()}: its uid and its payload bytes, exactly as the
 * producer stored them. It stays in flight until it is acked or failed with this uid.
 *
 * @param uid the item's uid (a canonical 36-character UUID string when pushed by this library or
 *     the Python one)
 * @param payload the stored bytes
 * @param deliveries how many times this library's consumers have received the item, this delivery
 *     included (1 on the first delivery; deliveries by Python consumers are not counted)
 */
public record SafeRedisQueueItem(String uid, byte[] payload, int deliveries) {

  /** Checks the components. */
  public SafeRedisQueueItem {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(payload, "payload");
  }

  /** An item on its first delivery. */
  public SafeRedisQueueItem(String uid, byte[] payload) {
    this(uid, payload, 1);
  }

  /** The payload decoded as UTF-8, the way the Python library stores text. */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

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
        + "]";
  }
}

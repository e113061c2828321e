package io.saferedisqueue.core;

import java.time.Instant;
import java.util.Objects;

/**
 * An item waiting for its due time (pushed with a delay, or failed with one), as {@link
 * SafeRedisQueueAdmin#delayedPage} reads it.
 *
 * @param uid the item's uid
 * @param dueAt when it is due (Redis clock); the next pop of a consumer of this library after that
 *     moves it into the queue
 * @param deliveries deliveries counted so far (0 for an item pushed with a delay)
 * @param payload the payload's size and first bytes
 */
public record DelayedItemInfo(String uid, Instant dueAt, int deliveries, PayloadPreview payload) {

  /** Checks the components. */
  public DelayedItemInfo {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(payload, "payload");
  }
}

package io.saferedisqueue.core;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An item in flight (delivered, neither acked nor failed yet), as {@link
 * SafeRedisQueueAdmin#inFlightPage} reads it.
 *
 * @param uid the item's uid
 * @param inBackup whether it is in the old generation ({@code backup}): the next autoclean rotation
 *     requeues it unless it is acked, failed or renewed first; otherwise it is in {@code ackbuf},
 *     which the next rotation turns into the old generation
 * @param deliveries deliveries counted so far; 0 when it was popped by a client that does not count
 *     them (such as the Python library)
 * @param queuedAt when it was pushed, or became due when pushed with a delay (Redis clock); {@code
 *     null} when it was pushed without a recorded push time
 * @param payload the payload's size and first bytes
 */
public record InFlightItemInfo(
    String uid,
    boolean inBackup,
    int deliveries,
    @Nullable Instant queuedAt,
    PayloadPreview payload) {

  /** Checks the components. */
  public InFlightItemInfo {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(payload, "payload");
  }
}

package io.saferedisqueue.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A dead letter with only the first bytes of its payload, as {@link
 * SafeRedisQueueAdmin#deadLetterPage} reads it ({@link SafeRedisQueueDeadLetters#list} returns
 * whole payloads).
 *
 * @param uid the item's uid
 * @param deliveries how many times it was delivered
 * @param deadAt when it was dead-lettered (Redis clock)
 * @param reason the last error, or why it was dead-lettered
 * @param payload the payload's size and first bytes
 */
public record DeadLetterInfo(
    String uid, int deliveries, Instant deadAt, String reason, PayloadPreview payload) {

  /** Checks the components. */
  public DeadLetterInfo {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(deadAt, "deadAt");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(payload, "payload");
  }
}

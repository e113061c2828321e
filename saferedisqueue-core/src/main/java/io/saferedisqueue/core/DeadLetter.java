package io.saferedisqueue.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An item that will not be delivered again unless it is requeued: it failed its maximum number of
 * deliveries, its payload could not be converted, or its handler threw an error marked not
 * retryable.
 *
 * @param uid the item's uid
 * @param payload the stored bytes, unchanged
 * @param deliveries how many times it was delivered
 * @param deadAt when it was dead-lettered (Redis clock)
 * @param reason the last error: exception class and message, or why it was dead-lettered
 */
public record DeadLetter(
    String uid, byte[] payload, int deliveries, Instant deadAt, String reason) {

  /** Checks the components. */
  public DeadLetter {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(deadAt, "deadAt");
    Objects.requireNonNull(reason, "reason");
  }

  /** The payload decoded as UTF-8. */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeadLetter dead
        && uid.equals(dead.uid)
        && deliveries == dead.deliveries
        && deadAt.equals(dead.deadAt)
        && reason.equals(dead.reason)
        && Arrays.equals(payload, dead.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uid, deliveries, deadAt, reason) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "DeadLetter[uid="
        + uid
        + ", deliveries="
        + deliveries
        + ", deadAt="
        + deadAt
        + ", reason="
        + reason
        + "]";
  }
}

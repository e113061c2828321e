package io.saferedisqueue.localredis;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Waiting for a topology of local processes to settle: polls a condition every 50 ms for at most 30
 * seconds, counting a node that does not answer yet (or answers with an error) as not settled.
 */
final class Settling {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Settling() {}

  /**
   * Returns once the condition holds.
   *
   * @param what what is awaited, for the message
   * @param state what the nodes say, for the message of a timeout
   * @throws IllegalStateException when it does not hold within 30 seconds
   */
  static void await(String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    @Nullable RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RespCommand.RedisErrorReply | UncheckedIOException | IllegalStateException ex) {
        last = ex;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + what, ex);
      }
    }
    throw new IllegalStateException(
        "Waited "
            + TIMEOUT.toSeconds()
            + " s in vain for "
            + what
            + state.get()
            + (last == null ? "" : "; last error: " + last.getMessage()));
  }
}

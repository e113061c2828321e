package io.saferedisqueue.sample;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The {@code consumer} mode: pops, prints {@code <uid> <payload>} and acks, until stopped. */
final class CommandLineConsumer {

  private static final Duration POLL = Duration.ofSeconds(1);

  /** A pop waits up to {@link #POLL} while Redis answers; one still waiting after this is out. */
  private static final Duration GRACE = POLL.plusSeconds(2);

  private CommandLineConsumer() {}

  /**
   * Pops, prints and acks until {@code stop} says so (or the thread is interrupted); returns the
   * exit status. An item is acked only after its line was printed, so a consumer killed in between
   * leaves it for autoclean to requeue.
   *
   * <p>Redis must answer at the start; after that an outage (a restart, a failover of a cluster or
   * Sentinel primary) is reported on standard error within seconds, whatever the command timeout,
   * and waited out; consuming goes on when Redis answers again, which is reported too. A
   * configuration error (refused credentials, a missing permission, a key of another type) ends the
   * consumer with {@link CommandLine#REDIS_ERROR}.
   */
  static int consume(SafeRedisQueue queue, PrintStream out, PrintStream err, BooleanSupplier stop) {
    try {
      CommandLine.start(queue, err, "consumer"); // fails fast when Redis cannot be reached
    } catch (RuntimeException ex) {
      if (stop.getAsBoolean()) {
        return 0;
      }
      err.println(CommandLine.describe(queue, ex));
      return CommandLine.REDIS_ERROR;
    }
    try (CommandLineOutage outage = new CommandLineOutage(queue, err, stop, GRACE)) {
      while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
        try {
          SafeRedisQueueItem item = outage.call(() -> queue.pop(POLL)).orElse(null);
          if (item == null) {
            continue;
          }
          out.println(item.uid() + " " + item.payloadAsString());
          out.flush();
          outage.call(() -> queue.ack(item.uid()));
        } catch (SafeRedisQueueConnectionException ex) {
          if (stop.getAsBoolean()) {
            return 0; // the queue was closed under us while shutting down
          }
          outage.pause();
        } catch (RuntimeException ex) {
          if (stop.getAsBoolean()) {
            return 0;
          }
          err.println(CommandLine.describe(queue, ex));
          return CommandLine.REDIS_ERROR;
        }
      }
    }
    return 0;
  }
}

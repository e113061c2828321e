package io.saferedisqueue.sample;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.NestedExceptionUtils;

/**
 * A consumer's or producer's view of a Redis outage: one line on standard error when it starts, one
 * when it ends.
 *
 * <p>While Redis is away the client holds a command until it reconnects or its command timeout (60
 * s by default) passes, so a failed command alone would report an outage only after that timeout.
 * Each command therefore runs under a watchdog: one that has not returned within {@code grace}
 * (what it may take when Redis answers, such as a blocking pop's wait, plus a margin) starts the
 * outage at once; the command's return ends it.
 */
final class CommandLineOutage implements AutoCloseable {

  private static final long FIRST_PAUSE_MILLIS = 100;
  private static final long LONGEST_PAUSE_MILLIS = 2_000;

  private final SafeRedisQueue queue;
  private final PrintStream err;
  private final BooleanSupplier stop;
  private final Duration grace;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "saferedisqueue-cli-outage-watchdog");
            thread.setDaemon(true);
            return thread;
          });
  private long pauseMillis = FIRST_PAUSE_MILLIS;
  private long startNanos;
  private boolean ongoing;

  /**
   * @param grace how long a command may take while Redis answers, before it counts as an outage
   */
  CommandLineOutage(SafeRedisQueue queue, PrintStream err, BooleanSupplier stop, Duration grace) {
    this.queue = queue;
    this.err = err;
    this.stop = stop;
    this.grace = grace;
  }

  /**
   * Runs the command under the watchdog and reports the end of an outage when it returns; a
   * connection failure is reported (once per outage) and thrown.
   */
  <T> T call(Supplier<T> command) {
    long started = System.nanoTime();
    ScheduledFuture<?> alarm =
        watchdog.schedule(
            () -> begin(started, "no answer for " + grace.toSeconds() + " s"),
            grace.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      T result = command.get();
      alarm.cancel(false);
      answered();
      return result;
    } catch (SafeRedisQueueConnectionException ex) {
      alarm.cancel(false);
      begin(started, oneLine(NestedExceptionUtils.getMostSpecificCause(ex).getMessage()));
      throw ex;
    } catch (RuntimeException ex) {
      alarm.cancel(false);
      throw ex;
    }
  }

  private synchronized void begin(long started, String reason) {
    if (!ongoing && !stop.getAsBoolean()) {
      ongoing = true;
      startNanos = started;
      err.println(
          "saferedisqueue: Redis at "
              + CommandLine.redacted(queue.endpoint())
              + " does not answer, retrying until it does: "
              + reason);
      err.flush();
    }
  }

  private synchronized void answered() {
    if (ongoing) {
      ongoing = false;
      pauseMillis = FIRST_PAUSE_MILLIS;
      err.println(
          "saferedisqueue: Redis at "
              + CommandLine.redacted(queue.endpoint())
              + " answers again after "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
              + " ms");
      err.flush();
    }
  }

  /** Pauses after a failed command, longer each time up to two seconds (less when a stop comes). */
  void pause() {
    long deadline;
    synchronized (this) {
      deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis);
      pauseMillis = Math.min(LONGEST_PAUSE_MILLIS, pauseMillis * 2);
    }
    while (!stop.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  private static String oneLine(@Nullable String text) {
    return CommandLine.oneLine(text);
  }
}

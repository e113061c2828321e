package io.saferedisqueue.sample;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@code producer} mode: one item per line of standard input, trimmed, as the Python seed's
 * {@code queue.put(line.strip())}; a line empty once trimmed is pushed as an empty item unless
 * {@code --skip-empty-lines} was given.
 */
final class CommandLineProducer {

  /** A push takes milliseconds while Redis answers; one still waiting after this is an outage. */
  private static final Duration GRACE = Duration.ofSeconds(2);

  private CommandLineProducer() {}

  /**
   * Pushes one item per input line (trimmed) until the input ends; returns the exit status. Redis
   * must answer at the start; after that an outage is reported once and the line is pushed again
   * until Redis answers, so no line is dropped. A push that failed with a connection error may have
   * been stored all the same, so a line may be queued twice across an outage (at least once, as
   * everywhere in this queue). A stop during an outage ends the producer with {@link
   * CommandLine#REDIS_ERROR}, naming the line that was not pushed.
   */
  static int produce(
      SafeRedisQueue queue,
      InputStream input,
      PrintStream err,
      BooleanSupplier stop,
      boolean skipEmptyLines) {
    try (CommandLineOutage outage = new CommandLineOutage(queue, err, stop, GRACE)) {
      CommandLine.start(queue, err, "producer"); // fails fast, before reading input
      long max = queue.settings().maxPayloadSize().toBytes();
      InputStream in = new BufferedInputStream(input);
      long number = 0;
      Line line;
      while ((line = Line.read(in, max)) != null) {
        number++;
        if (line.tooLong()) {
          err.println(
              "saferedisqueue: line "
                  + number
                  + " is longer than saferedisqueue.max-payload-size ("
                  + max
                  + " bytes); the lines before it were pushed, it and the rest were not");
          return CommandLine.REDIS_ERROR;
        }
        String payload = new String(line.bytes(), StandardCharsets.UTF_8).trim();
        if (payload.isEmpty() && skipEmptyLines) {
          continue;
        }
        if (!pushThroughOutages(queue, payload, outage, stop)) {
          err.println(
              "saferedisqueue: stopped during an outage; line "
                  + number
                  + " and the rest were not pushed");
          return CommandLine.REDIS_ERROR;
        }
      }
      return 0;
    } catch (IOException ex) {
      err.println(
          "saferedisqueue: cannot read standard input: " + CommandLine.oneLine(ex.getMessage()));
      return CommandLine.REDIS_ERROR;
    } catch (RuntimeException ex) {
      err.println(CommandLine.describe(queue, ex));
      return CommandLine.REDIS_ERROR;
    }
  }

  /** Pushes the payload, waiting out outages; false when a stop came first. */
  private static boolean pushThroughOutages(
      SafeRedisQueue queue, String payload, CommandLineOutage outage, BooleanSupplier stop) {
    while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      try {
        outage.call(() -> queue.push(payload));
        return true;
      } catch (SafeRedisQueueConnectionException ex) {
        outage.pause();
      }
    }
    return false;
  }

  /**
   * A line of standard input without its terminator, read byte by byte up to a limit: a longer one
   * is skipped to its end and only marked, so that no line can fill the heap.
   *
   * @param bytes the line, {@code null} when it was too long
   */
  record Line(byte @Nullable [] bytes) {

    boolean tooLong() {
      return bytes == null;
    }

    /** The next line, or null at the end of the input. */
    static @Nullable Line read(InputStream in, long max) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      boolean tooLong = false;
      int b = in.read();
      if (b < 0) {
        return null;
      }
      while (b >= 0 && b != '\n') {
        if (line.size() < max) {
          line.write(b);
        } else {
          tooLong = true;
        }
        b = in.read();
      }
      return new Line(tooLong ? null : line.toByteArray());
    }
  }
}

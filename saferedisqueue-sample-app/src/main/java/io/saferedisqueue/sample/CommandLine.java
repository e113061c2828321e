package io.saferedisqueue.sample;

import io.saferedisqueue.core.EvictionPolicyCheck;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.NestedExceptionUtils;

/**
 * The seed's command line.
 *
 * <ul>
 *   <li>{@code producer}: pushes one item per line of standard input (trimmed) and exits 0.
 *   <li>{@code consumer}: pops each item, prints {@code <uid> <payload>} on one line, flushed at
 *       once, then acks it; runs until killed.
 * </ul>
 *
 * <p>Both take the queue from {@code saferedisqueue.*} ({@code --saferedisqueue.url=...}, {@code
 * --saferedisqueue.name=...}, default {@code test}, {@code
 * --saferedisqueue.autoclean-interval=...}, at which the consumer's pops run autoclean) and start
 * no listener, no demo producer and no local Redis (profile {@code cli}, see {@code
 * application-cli.yml}). Logging goes to standard error, so standard output carries the items only.
 * When Redis cannot be reached they print one line on standard error, {@code saferedisqueue: cannot
 * connect to Redis at <endpoint>: <reason>}, and exit 1. A Redis set up in a way the queue refuses
 * (a queue name without hash tag on Redis Cluster, {@code spring.data.redis.cluster.nodes}) prints
 * {@code saferedisqueue: <what and the fix>} after Spring Boot's report and exits 2.
 *
 * <p>A Redis whose {@code maxmemory-policy} may evict keys gets one line {@code saferedisqueue:
 * warning: ...} on standard error before the work starts ({@code
 * --saferedisqueue.eviction-policy-check=fail} refuses to start instead, {@code off} says nothing).
 * The producer refuses a line longer than {@code saferedisqueue.max-payload-size} (default 1MB)
 * without reading it into memory: the lines before it are pushed, it and the rest are not, and it
 * exits 1. A full Redis ends the producer with status 1 and the reason.
 */
final class CommandLine {

  /** Exit status when Redis cannot be reached or fails. */
  static final int REDIS_ERROR = 1;

  /** Exit status when the application does not start (Spring Boot has reported why). */
  static final int STARTUP_ERROR = 2;

  private static final Duration POLL = Duration.ofSeconds(1);

  private static final Charset UTF8 = StandardCharsets.UTF_8;

  private CommandLine() {}

  /** Exit status of a command line that is not understood (the usage is printed). */
  static final int USAGE_ERROR = 2;

  /** What {@code --help} prints, and what a mode that does not exist prints after the error. */
  static final String USAGE =
      """
      Usage: java -jar saferedisqueue-sample-app.jar [MODE] [--property=value ...]

      Modes:
        (none)     run the demo: web server on :8080 (dashboard, actuator), two listeners, a demo
                   producer; starts a local redis-server when none is configured or answers
        producer   push one item per line of standard input (trimmed) into the queue, then exit
        consumer   pop, print "<uid> <payload>" per item and ack it, until stopped
        --help     print this text

      Options (Spring Boot properties; the command line modes read these):
        --saferedisqueue.url=redis://host:6379/0   Redis url (redis://, rediss://, unix://);
                                                   else spring.data.redis.*, default localhost:6379
        --saferedisqueue.name=test                 queue name (key prefix srq:NAME:)
        --saferedisqueue.autoclean-interval=60s    autoclean interval of the consumer's pops

      Example:
        echo "Hello World" | java -jar saferedisqueue-sample-app.jar producer
        java -jar saferedisqueue-sample-app.jar consumer --saferedisqueue.url=redis://127.0.0.1:6379/0
      """;

  static boolean isCommand(String[] args) {
    return args.length > 0 && (args[0].equals("producer") || args[0].equals("consumer"));
  }

  /**
   * Answers {@code --help} (usage on standard output, 0) and a first argument that is neither a
   * mode nor an option (the error and the usage on standard error, {@value #USAGE_ERROR}); null
   * when the arguments are for the demo or a mode.
   */
  static @Nullable Integer answerWithoutStarting(String[] args, PrintStream out, PrintStream err) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        out.print(USAGE);
        out.flush();
        return 0;
      }
    }
    if (args.length > 0 && !isCommand(args) && !args[0].startsWith("-")) {
      err.println(
          "saferedisqueue: '"
              + args[0]
              + "' is not a mode (modes: producer, consumer; none runs"
              + " the demo)");
      err.print(USAGE);
      err.flush();
      return USAGE_ERROR;
    }
    return null;
  }

  static int run(String[] args) {
    SpringApplication application = new SpringApplication(SampleApplication.class);
    application.setAdditionalProfiles("cli");
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setBannerMode(Banner.Mode.OFF);
    application.setLogStartupInfo(false);
    ConfigurableApplicationContext context;
    try {
      context = application.run(args);
    } catch (RuntimeException ex) {
      // Spring Boot has logged the analysis; a set-up the queue refuses (such as a name without
      // hash tag on Redis Cluster) also gets the one line the other errors get.
      Throwable cause = ex;
      while (cause != null && !(cause instanceof SafeRedisQueueConfigurationException)) {
        cause = cause.getCause();
      }
      if (cause != null) {
        System.err.println("saferedisqueue: " + oneLine(cause.getMessage()));
        System.err.flush();
      }
      return STARTUP_ERROR;
    }
    AtomicBoolean closing = new AtomicBoolean();
    context.addApplicationListener(
        event -> {
          if (event instanceof ContextClosedEvent) {
            closing.set(true);
          }
        });
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF8);
    try (context) {
      SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
      return args[0].equals("producer")
          ? produce(queue, System.in, System.err, closing::get)
          : consume(queue, out, System.err, closing::get);
    }
  }

  /** Pushes one item per input line (trimmed); returns the exit status. */
  static int produce(SafeRedisQueue queue, InputStream input, PrintStream err) {
    return produce(queue, input, err, () -> false);
  }

  /**
   * Pushes one item per input line (trimmed) until the input ends; returns the exit status. Redis
   * must answer at the start; after that an outage is reported once and the line is pushed again
   * until Redis answers, so no line is dropped. A push that failed with a connection error may have
   * been stored all the same, so a line may be queued twice across an outage (at least once, as
   * everywhere in this queue). A stop during an outage ends the producer with {@link #REDIS_ERROR},
   * naming the line that was not pushed.
   */
  static int produce(
      SafeRedisQueue queue, InputStream input, PrintStream err, BooleanSupplier stop) {
    try {
      start(queue, err); // fails fast, before reading input, when Redis cannot be reached
      long max = queue.settings().maxPayloadSize().toBytes();
      InputStream in = new BufferedInputStream(input);
      Outage outage = new Outage(queue, err, stop);
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
          return REDIS_ERROR;
        }
        String payload = new String(line.bytes(), UTF8).trim();
        if (!pushThroughOutages(queue, payload, outage, stop)) {
          err.println(
              "saferedisqueue: stopped during an outage; line "
                  + number
                  + " and the rest were not pushed");
          return REDIS_ERROR;
        }
      }
      return 0;
    } catch (IOException ex) {
      err.println("saferedisqueue: cannot read standard input: " + oneLine(ex.getMessage()));
      return REDIS_ERROR;
    } catch (RuntimeException ex) {
      err.println(describe(queue, ex));
      return REDIS_ERROR;
    }
  }

  /** Pushes the payload, waiting out outages; false when a stop came first. */
  private static boolean pushThroughOutages(
      SafeRedisQueue queue, String payload, Outage outage, BooleanSupplier stop) {
    while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      try {
        queue.push(payload);
        outage.answered();
        return true;
      } catch (SafeRedisQueueConnectionException ex) {
        outage.failedAndWait(ex);
      }
    }
    return false;
  }

  /**
   * Pops, prints and acks until {@code stop} says so (or the thread is interrupted); returns the
   * exit status. An item is acked only after its line was printed, so a consumer killed in between
   * leaves it for autoclean to requeue.
   *
   * <p>Redis must answer at the start; after that an outage (a restart, a failover of a cluster or
   * Sentinel primary) is reported once on standard error and waited out with a growing pause, and
   * consuming goes on when Redis answers again. A configuration error (refused credentials, a
   * missing permission, a key of another type) ends the consumer with {@link #REDIS_ERROR}.
   */
  static int consume(SafeRedisQueue queue, PrintStream out, PrintStream err, BooleanSupplier stop) {
    try {
      start(queue, err); // fails fast when Redis cannot be reached
    } catch (RuntimeException ex) {
      if (stop.getAsBoolean()) {
        return 0;
      }
      err.println(describe(queue, ex));
      return REDIS_ERROR;
    }
    Outage outage = new Outage(queue, err, stop);
    while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      try {
        SafeRedisQueueItem item = queue.pop(POLL).orElse(null);
        outage.answered();
        if (item == null) {
          continue;
        }
        out.println(item.uid() + " " + item.payloadAsString());
        out.flush();
        queue.ack(item.uid());
      } catch (SafeRedisQueueConnectionException ex) {
        if (stop.getAsBoolean()) {
          return 0; // the queue was closed under us while shutting down
        }
        outage.failedAndWait(ex);
      } catch (RuntimeException ex) {
        if (stop.getAsBoolean()) {
          return 0;
        }
        err.println(describe(queue, ex));
        return REDIS_ERROR;
      }
    }
    return 0;
  }

  /**
   * A consumer's or producer's view of a Redis outage: one line when it starts, one when it ends.
   */
  static final class Outage {
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 5_000;

    private final SafeRedisQueue queue;
    private final PrintStream err;
    private final BooleanSupplier stop;
    private long pauseMillis = FIRST_PAUSE_MILLIS;
    private long startNanos;
    private boolean ongoing;

    Outage(SafeRedisQueue queue, PrintStream err, BooleanSupplier stop) {
      this.queue = queue;
      this.err = err;
      this.stop = stop;
    }

    void answered() {
      if (ongoing) {
        ongoing = false;
        pauseMillis = FIRST_PAUSE_MILLIS;
        err.println(
            "saferedisqueue: Redis at "
                + queue.endpoint()
                + " answers again after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
                + " ms");
      }
    }

    /** Reports the outage when it is new, then pauses (less when a stop comes). */
    void failedAndWait(SafeRedisQueueConnectionException ex) {
      if (!ongoing) {
        ongoing = true;
        startNanos = System.nanoTime();
        err.println(
            "saferedisqueue: Redis at "
                + queue.endpoint()
                + " does not answer, retrying until it does: "
                + oneLine(NestedExceptionUtils.getMostSpecificCause(ex).getMessage()));
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis);
      pauseMillis = Math.min(LONGEST_PAUSE_MILLIS, pauseMillis * 2);
      while (!stop.getAsBoolean() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Reaches Redis once (throwing when it cannot) and warns on standard error when its eviction
   * policy puts the queue's items at risk; the library's own log line of it is off in this mode.
   */
  private static void start(SafeRedisQueue queue, PrintStream err) {
    queue.admin().sizes();
    if (queue.settings().evictionPolicyCheck() != EvictionPolicyCheck.OFF) {
      queue
          .admin()
          .server()
          .evictionRisk()
          .ifPresent(
              risk ->
                  err.println(
                      "saferedisqueue: warning: Redis at "
                          + queue.endpoint()
                          + ": "
                          + risk
                          + " (set maxmemory-policy noeviction there, or"
                          + " --saferedisqueue.eviction-policy-check=off)"));
    }
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

  /** One line: {@code saferedisqueue: cannot connect to Redis at <endpoint>: <reason>}. */
  static String describe(SafeRedisQueue queue, RuntimeException ex) {
    String reason = oneLine(NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
    if (ex instanceof SafeRedisQueueConnectionException) {
      return "saferedisqueue: cannot connect to Redis at " + queue.endpoint() + ": " + reason;
    }
    return "saferedisqueue: " + oneLine(ex.getMessage());
  }

  private static String oneLine(@Nullable String text) {
    return text == null ? "(no message)" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}

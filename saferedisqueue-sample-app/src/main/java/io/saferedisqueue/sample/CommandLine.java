package io.saferedisqueue.sample;

import io.saferedisqueue.core.EvictionPolicyCheck;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *   <li>{@code producer}: pushes one item per line of standard input (trimmed; an empty line is an
 *       empty item, as in the Python seed, unless {@code --skip-empty-lines}) and exits 0 ({@link
 *       CommandLineProducer}).
 *   <li>{@code consumer}: pops each item, prints {@code <uid> <payload>} on one line, flushed at
 *       once, then acks it; runs until killed ({@link CommandLineConsumer}).
 * </ul>
 *
 * <p>Both take the queue from {@code saferedisqueue.*} and start no listener, no demo producer and
 * no local Redis (profile {@code cli}, see {@code application-cli.yml}); an option they do not know
 * is refused before anything starts ({@link CommandLineOptions}). Logging goes to standard error,
 * so standard output carries the items only. Once Redis answered they say on standard error which
 * Redis (without credentials) and queue they use. When Redis cannot be reached they print one line
 * on standard error, {@code saferedisqueue: cannot connect to Redis at <endpoint>: <reason>}, and
 * exit 1; a configuration error (a bad value, a Redis set up in a way the queue refuses) is one
 * line {@code saferedisqueue: <what and what is allowed>} and exit 2 ({@link
 * CommandLineStartupErrors}). An outage after the start is reported when it begins and when it ends
 * ({@link CommandLineOutage}).
 *
 * <p>A Redis whose {@code maxmemory-policy} may evict keys gets one line {@code saferedisqueue:
 * warning: ...} on standard error before the work starts ({@code
 * --saferedisqueue.eviction-policy-check=fail} refuses to start instead, {@code off} says nothing).
 */
final class CommandLine {

  /** Exit status when Redis cannot be reached or fails. */
  static final int REDIS_ERROR = 1;

  /** Exit status when the application does not start: a configuration error. */
  static final int STARTUP_ERROR = 2;

  /** Exit status of a command line that is not understood. */
  static final int USAGE_ERROR = 2;

  private CommandLine() {}

  /** What {@code --help} prints, and what a mode that does not exist prints after the error. */
  static String usage() {
    return """
        Usage: java -jar saferedisqueue-sample-app.jar [MODE] [--option=value ...]

        Modes:
          (none)     run the demo: web server on :8080 (dashboard, actuator), two listeners, a demo
                     producer; starts a local redis-server when none is configured or answers
          producer   push one item per line of standard input (trimmed) into the queue, then exit;
                     an empty line is pushed as an empty item (as the Python seed does) unless
                     --skip-empty-lines
          consumer   pop, print "<uid> <payload>" per item and ack it, until stopped
          --help     print this text

        """
        + CommandLineOptions.help()
        + """

        Example:
          echo "Hello World" | java -jar saferedisqueue-sample-app.jar producer
          java -jar saferedisqueue-sample-app.jar consumer --saferedisqueue.url=redis://127.0.0.1:6379/0
        """;
  }

  static boolean isCommand(String[] args) {
    return args.length > 0 && (args[0].equals("producer") || args[0].equals("consumer"));
  }

  /**
   * Answers {@code --help} (usage on standard output, 0), a first argument that is neither a mode
   * nor an option (the error and the usage on standard error, {@value #USAGE_ERROR}) and a mode
   * with an option it does not know (one line naming it and the closest known option, {@value
   * #USAGE_ERROR}); null when the arguments are for the demo or a mode.
   */
  static @Nullable Integer answerWithoutStarting(String[] args, PrintStream out, PrintStream err) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        out.print(usage());
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
      err.print(usage());
      err.flush();
      return USAGE_ERROR;
    }
    if (isCommand(args)) {
      String error = CommandLineOptions.check(args[0], Arrays.asList(args).subList(1, args.length));
      if (error != null) {
        err.println(error);
        err.flush();
        return USAGE_ERROR;
      }
    }
    return null;
  }

  static int run(String[] args) {
    List<String> arguments = Arrays.asList(args);
    boolean skipEmptyLines = arguments.contains(CommandLineOptions.SKIP_EMPTY_LINES);
    String[] properties =
        arguments.stream()
            .filter(argument -> !argument.equals(CommandLineOptions.SKIP_EMPTY_LINES))
            .toArray(String[]::new);
    SpringApplication application = new SpringApplication(SampleApplication.class);
    application.setAdditionalProfiles("cli");
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setBannerMode(Banner.Mode.OFF);
    application.setLogStartupInfo(false);
    ConfigurableApplicationContext context;
    try {
      context = application.run(properties);
    } catch (RuntimeException ex) {
      // Spring Boot's own report of it is off in this mode (application-cli.yml).
      System.err.println(CommandLineStartupErrors.describe(ex));
      System.err.flush();
      return STARTUP_ERROR;
    }
    AtomicBoolean closing = new AtomicBoolean();
    context.addApplicationListener(
        event -> {
          if (event instanceof ContextClosedEvent) {
            closing.set(true);
          }
        });
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    try (context) {
      SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
      return args[0].equals("producer")
          ? CommandLineProducer.produce(queue, System.in, System.err, closing::get, skipEmptyLines)
          : CommandLineConsumer.consume(queue, out, System.err, closing::get);
    }
  }

  /**
   * Reaches Redis once (throwing when it cannot), says on standard error which Redis and queue the
   * mode uses, and warns there when the eviction policy puts the queue's items at risk; the
   * library's own log line of it is off in this mode.
   */
  static void start(SafeRedisQueue queue, PrintStream err, String mode) {
    queue.admin().sizes();
    err.println(
        "saferedisqueue: "
            + mode
            + " on queue '"
            + queue.name()
            + "' at "
            + redacted(queue.endpoint()));
    if (queue.settings().evictionPolicyCheck() != EvictionPolicyCheck.OFF) {
      queue
          .admin()
          .server()
          .evictionRisk()
          .ifPresent(
              risk ->
                  err.println(
                      "saferedisqueue: warning: Redis at "
                          + redacted(queue.endpoint())
                          + ": "
                          + risk
                          + " (set maxmemory-policy noeviction there, or"
                          + " --saferedisqueue.eviction-policy-check=off)"));
    }
    err.flush();
  }

  /** One line: {@code saferedisqueue: cannot connect to Redis at <endpoint>: <reason>}. */
  static String describe(SafeRedisQueue queue, RuntimeException ex) {
    String reason = oneLine(NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
    if (ex instanceof SafeRedisQueueConnectionException) {
      return "saferedisqueue: cannot connect to Redis at "
          + redacted(queue.endpoint())
          + ": "
          + reason;
    }
    return "saferedisqueue: " + oneLine(ex.getMessage());
  }

  /** The endpoint or url without {@code user:password@}, should one carry credentials. */
  static String redacted(String endpoint) {
    return endpoint.replaceAll("//[^/@\\s]*@", "//");
  }

  static String oneLine(@Nullable String text) {
    return text == null ? "(no message)" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}

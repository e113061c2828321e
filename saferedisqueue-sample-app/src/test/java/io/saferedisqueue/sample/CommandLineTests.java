package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import io.saferedisqueue.core.SafeRedisQueueException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line's parts that need no Redis. */
class CommandLineTests {

  @Test
  void recognisesTheTwoCommands() {
    assertThat(CommandLine.isCommand(new String[] {"producer"})).isTrue();
    assertThat(CommandLine.isCommand(new String[] {"consumer", "--saferedisqueue.name=x"}))
        .isTrue();
    assertThat(CommandLine.isCommand(new String[] {})).isFalse();
    assertThat(CommandLine.isCommand(new String[] {"--saferedisqueue.name=x"})).isFalse();
  }

  @Test
  void helpPrintsTheUsageOnStandardOutputAndExitsZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Integer status =
        CommandLine.answerWithoutStarting(new String[] {"--help"}, printer(out), printer(err));
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Usage:", "producer", "consumer", "--saferedisqueue.url=", "Example:");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anUnknownModeNamesItAndPrintsTheUsageOnStandardErrorWithStatusTwo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Integer status =
        CommandLine.answerWithoutStarting(new String[] {"frobnicate"}, printer(out), printer(err));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("saferedisqueue: 'frobnicate' is not a mode")
        .contains("Usage:");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void modesAndSpringOptionsAreLeftToTheApplication() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    assertThat(CommandLine.answerWithoutStarting(new String[] {}, printer(sink), printer(sink)))
        .isNull();
    assertThat(
            CommandLine.answerWithoutStarting(
                new String[] {"consumer", "--saferedisqueue.name=x"}, printer(sink), printer(sink)))
        .isNull();
    assertThat(
            CommandLine.answerWithoutStarting(
                new String[] {"--server.port=0"}, printer(sink), printer(sink)))
        .isNull();
    assertThat(sink.size()).isZero();
  }

  private static PrintStream printer(ByteArrayOutputStream sink) {
    return new PrintStream(sink, true, StandardCharsets.UTF_8);
  }

  @Test
  void linesAreReadUpToTheLimitAndALongerOneIsOnlyMarked() throws Exception {
    java.io.InputStream in =
        new java.io.ByteArrayInputStream("abc\nabcd\n\nab".getBytes(StandardCharsets.UTF_8));
    assertThat(CommandLineProducer.Line.read(in, 3).bytes()).isEqualTo("abc".getBytes());
    assertThat(CommandLineProducer.Line.read(in, 3).tooLong()).isTrue();
    assertThat(CommandLineProducer.Line.read(in, 3).bytes()).isEmpty();
    assertThat(CommandLineProducer.Line.read(in, 3).bytes()).isEqualTo("ab".getBytes());
    assertThat(CommandLineProducer.Line.read(in, 3)).isNull();
  }

  @Test
  void connectionErrorsAreOneLineNamingTheEndpoint() {
    try (SafeRedisQueue queue = SafeRedisQueue.fromUrl("redis://:secret@127.0.0.1:1/2")) {
      String message =
          CommandLine.describe(
              queue,
              new SafeRedisQueueConnectionException(
                  "Cannot use Redis", new ConnectException("Connection refused\n  twice")));
      assertThat(message)
          .isEqualTo(
              "saferedisqueue: cannot connect to Redis at redis://127.0.0.1:1/2: Connection refused twice");
      assertThat(CommandLine.describe(queue, new SafeRedisQueueException("WRONGTYPE\nOperation")))
          .isEqualTo("saferedisqueue: WRONGTYPE Operation");
    }
  }

  @Test
  void producerReportsAnUnreachableRedisBeforeReadingInput() {
    try (SafeRedisQueue queue = SafeRedisQueue.fromUrl("redis://127.0.0.1:1/0")) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          CommandLineProducer.produce(
              queue,
              new java.io.ByteArrayInputStream("a\n".getBytes(StandardCharsets.UTF_8)),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              () -> false,
              false);
      assertThat(status).isEqualTo(CommandLine.REDIS_ERROR);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .startsWith("saferedisqueue: cannot connect to Redis at redis://127.0.0.1:1/0: ")
          .hasLineCount(1);
    }
  }

  @Test
  void anUnknownOptionOfAModeIsRefusedNamingItAndTheClosestKnownOne() {
    assertRefused(
        new String[] {"consumer", "--saferedisqueue.ulr=redis://:secret@host:6379/0"},
        "saferedisqueue: unknown option --saferedisqueue.ulr; did you mean --saferedisqueue.url?"
            + " (see --help)");
    assertRefused(
        new String[] {"producer", "--saferedisqueue.max-payload=1MB"},
        "saferedisqueue: unknown option --saferedisqueue.max-payload; did you mean"
            + " --saferedisqueue.max-payload-size? (see --help)");
    assertRefused(
        new String[] {"consumer", "--spring.data.redis.hots=x"},
        "saferedisqueue: unknown option --spring.data.redis.hots; did you mean"
            + " --spring.data.redis.host? (see --help)");
    assertRefused(
        new String[] {"consumer", "--skip-empty-lines"},
        "saferedisqueue: --skip-empty-lines is an option of the producer only");
    assertRefused(
        new String[] {"producer", "stray"},
        "saferedisqueue: unexpected argument 'stray': options are --name=value (see --help)");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(
            CommandLine.answerWithoutStarting(
                new String[] {"consumer", "--frobnicate=1"},
                printer(new ByteArrayOutputStream()),
                printer(err)))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("saferedisqueue: unknown option --frobnicate; did you mean --")
        .hasLineCount(1);
  }

  @Test
  void everyDocumentedOptionIsAcceptedInSpringBootsRelaxedForms() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    String[] args = {
      "producer",
      "--skip-empty-lines",
      "--saferedisqueue.url=redis://127.0.0.1:6379/0",
      "--saferedisqueue.autocleanInterval=1s",
      "--saferedisqueue.max_payload_size=1KB",
      "--saferedisqueue.queues.orders.payload-format=plain",
      "--saferedisqueue.listener.enabled=false",
      "--spring.data.redis.host=127.0.0.1",
      "--spring.data.redis.cluster.nodes[0]=127.0.0.1:7000",
      "--logging.level.io.lettuce=debug"
    };
    assertThat(CommandLine.answerWithoutStarting(args, printer(sink), printer(sink))).isNull();
    assertThat(sink.size()).isZero();
  }

  /** The help is generated from the metadata; this checks it against the properties class. */
  @Test
  void helpListsEveryQueueSettingAndEveryOptionItNamesIsAccepted() {
    String help = CommandLine.usage();
    assertThat(help)
        .contains("--saferedisqueue.max-payload-size=<size>")
        .contains("--saferedisqueue.eviction-policy-check=warn|fail|off")
        .contains("--skip-empty-lines");
    for (java.beans.PropertyDescriptor property :
        org.springframework.beans.BeanUtils.getPropertyDescriptors(
            io.saferedisqueue.autoconfigure.SafeRedisQueueProperties.class)) {
      Class<?> type = property.getPropertyType();
      boolean setting =
          property.getWriteMethod() != null && !java.util.Map.class.isAssignableFrom(type);
      if (setting) {
        String option =
            "--saferedisqueue."
                + property.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT)
                + "=";
        assertThat(help).as("--help names %s", option).contains(option);
      }
    }
    java.util.regex.Matcher options =
        java.util.regex.Pattern.compile("--[a-z][a-z.\\-]+").matcher(help);
    while (options.find()) {
      String option = options.group();
      if (option.equals("--help") || option.equals("--option")) {
        continue;
      }
      assertThat(
              CommandLineOptions.check(
                  "producer",
                  java.util.List.of(
                      option.equals(CommandLineOptions.SKIP_EMPTY_LINES) ? option : option + "=x")))
          .as("%s, named in --help, is accepted", option)
          .isNull();
    }
  }

  @Test
  void aValueThatDoesNotBindIsOneLineNamingWhatIsAllowed() {
    assertThat(bindFailure("saferedisqueue.autoclean-interval", "banana"))
        .isEqualTo(
            "saferedisqueue: invalid value 'banana' for --saferedisqueue.autoclean-interval:"
                + " expected a duration such as 500ms, 30s, 5m or 1h (or ISO-8601 such as PT30S)");
    assertThat(bindFailure("saferedisqueue.max-payload-size", "lots"))
        .isEqualTo(
            "saferedisqueue: invalid value 'lots' for --saferedisqueue.max-payload-size:"
                + " expected a size such as 512B, 64KB or 1MB");
    assertThat(bindFailure("saferedisqueue.eviction-policy-check", "sometimes"))
        .isEqualTo(
            "saferedisqueue: invalid value 'sometimes' for"
                + " --saferedisqueue.eviction-policy-check: expected one of warn, fail, off");
  }

  @Test
  void credentialsAreRedacted() {
    assertThat(CommandLine.redacted("redis://user:secret@host:6379/0"))
        .isEqualTo("redis://host:6379/0");
    assertThat(CommandLine.redacted("redis://127.0.0.1:6379/0"))
        .isEqualTo("redis://127.0.0.1:6379/0");
  }

  private static String bindFailure(String property, String value) {
    org.springframework.boot.context.properties.bind.Binder binder =
        new org.springframework.boot.context.properties.bind.Binder(
            new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                java.util.Map.of(property, value)));
    try {
      binder.bind("saferedisqueue", io.saferedisqueue.autoconfigure.SafeRedisQueueProperties.class);
    } catch (RuntimeException ex) {
      return CommandLineStartupErrors.describe(ex);
    }
    throw new AssertionError(property + "=" + value + " was bound");
  }

  private static void assertRefused(String[] args, String error) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(CommandLine.answerWithoutStarting(args, printer(out), printer(err))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(error + "\n");
    assertThat(out.size()).isZero();
  }
}

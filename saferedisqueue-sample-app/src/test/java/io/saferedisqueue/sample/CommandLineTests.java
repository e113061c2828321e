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
    assertThat(CommandLine.Line.read(in, 3).bytes()).isEqualTo("abc".getBytes());
    assertThat(CommandLine.Line.read(in, 3).tooLong()).isTrue();
    assertThat(CommandLine.Line.read(in, 3).bytes()).isEmpty();
    assertThat(CommandLine.Line.read(in, 3).bytes()).isEqualTo("ab".getBytes());
    assertThat(CommandLine.Line.read(in, 3)).isNull();
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
          CommandLine.produce(
              queue,
              new java.io.ByteArrayInputStream("a\n".getBytes(StandardCharsets.UTF_8)),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(status).isEqualTo(CommandLine.REDIS_ERROR);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .startsWith("saferedisqueue: cannot connect to Redis at redis://127.0.0.1:1/0: ")
          .hasLineCount(1);
    }
  }
}

package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line as a new user meets it (issue #19), as real processes against a real
 * redis-server: it refuses options it does not know and bad values with one line and status 2, says
 * which Redis and queue it uses, keeps empty lines unless told to skip them, and reports an outage
 * promptly whatever the command timeout.
 */
class CommandLineRefusalIntegrationTests {

  private static LocalRedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = LocalRedisServer.startDefault();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aMisspelledOptionExitsWithTwoNamingItAndTheClosestKnownOne() throws Exception {
    try (SampleProcess consumer =
        SampleProcess.start("consumer", "--saferedisqueue.ulr=redis://:s3cret@127.0.0.1:1/0")) {
      assertThat(consumer.waitFor(120)).as(consumer.stderr()).isEqualTo(2);
      assertThat(consumer.stderr())
          .isEqualTo(
              "saferedisqueue: unknown option --saferedisqueue.ulr; did you mean"
                  + " --saferedisqueue.url? (see --help)\n");
      assertThat(consumer.remainingLines()).isEmpty();
    }
    try (SampleProcess producer = SampleProcess.start("producer", "--frobnicate=1")) {
      producer.input(List.of("never pushed"));
      assertThat(producer.waitFor(120)).as(producer.stderr()).isEqualTo(2);
      assertThat(producer.stderr())
          .startsWith("saferedisqueue: unknown option --frobnicate; did you mean --")
          .hasLineCount(1);
    }
  }

  @Test
  void aValueThatDoesNotConvertIsOneLineSayingWhatIsAllowed() throws Exception {
    try (SampleProcess consumer =
        SampleProcess.start(
            "consumer",
            "--saferedisqueue.url=" + redis.url(),
            "--saferedisqueue.autoclean-interval=banana")) {
      assertThat(consumer.waitFor(120)).as(consumer.stderr()).isEqualTo(2);
      assertThat(consumer.stderr())
          .isEqualTo(
              "saferedisqueue: invalid value 'banana' for --saferedisqueue.autoclean-interval:"
                  + " expected a duration such as 500ms, 30s, 5m or 1h (or ISO-8601 such as"
                  + " PT30S)\n");
    }
    try (SampleProcess producer =
        SampleProcess.start(
            "producer",
            "--saferedisqueue.url=" + redis.url(),
            "--saferedisqueue.eviction-policy-check=sometimes")) {
      producer.input(List.of("never pushed"));
      assertThat(producer.waitFor(120)).as(producer.stderr()).isEqualTo(2);
      assertThat(producer.stderr())
          .isEqualTo(
              "saferedisqueue: invalid value 'sometimes' for"
                  + " --saferedisqueue.eviction-policy-check: expected one of warn, fail, off\n");
    }
  }

  @Test
  void bothSayWhichRedisAndQueueTheyUseWithoutTheCredentials() throws Exception {
    try (LocalRedisServer secured = LocalRedisServer.builder().password("s3cret").build().start()) {
      String url = "redis://:s3cret@127.0.0.1:" + secured.port() + "/0";
      String where = "at redis://127.0.0.1:" + secured.port() + "/0";
      try (SampleProcess producer =
          SampleProcess.start(
              "producer", "--saferedisqueue.url=" + url, "--saferedisqueue.name=jobs")) {
        producer.input(List.of("one"));
        assertThat(producer.waitFor(120)).as(producer.stderr()).isZero();
        assertThat(producer.stderr())
            .isEqualTo("saferedisqueue: producer on queue 'jobs' " + where + "\n");
      }
      try (SampleProcess consumer =
          SampleProcess.start(
              "consumer", "--saferedisqueue.url=" + url, "--saferedisqueue.name=jobs")) {
        assertThat(consumer.nextLine(60_000)).as(consumer.stderr()).endsWith(" one");
        assertThat(consumer.stderr())
            .isEqualTo("saferedisqueue: consumer on queue 'jobs' " + where + "\n")
            .doesNotContain("s3cret");
      }
    }
  }

  @Test
  void emptyLinesArePushedAsEmptyItemsUnlessSkipped() throws Exception {
    List<String> lines = List.of("first", "", "   ", "last");
    try (SampleProcess producer =
        SampleProcess.start(
            "producer", "--saferedisqueue.url=" + redis.url(), "--saferedisqueue.name=empty")) {
      producer.input(lines);
      assertThat(producer.waitFor(120)).as(producer.stderr()).isZero();
    }
    try (SampleProcess producer =
        SampleProcess.start(
            "producer",
            "--skip-empty-lines",
            "--saferedisqueue.url=" + redis.url(),
            "--saferedisqueue.name=skipped")) {
      producer.input(lines);
      assertThat(producer.waitFor(120)).as(producer.stderr()).isZero();
    }
    assertThat(payloads("empty")).containsExactly("first", "", "", "last");
    assertThat(payloads("skipped")).containsExactly("first", "last");
  }

  /**
   * The command timeout stays at its default of 60 s: the outage's first line used to wait for it,
   * so a Redis away for 7 s or 21 s printed nothing at all.
   */
  @Test
  void theConsumerReportsAnOutageAndItsEndPromptly() throws Exception {
    try (LocalRedisServer restarting = LocalRedisServer.builder().appendOnly().build().start();
        SampleProcess consumer =
            SampleProcess.start("consumer", "--saferedisqueue.url=" + restarting.url())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> consumer.stderr().contains("consumer on queue"));
      restarting.kill();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> consumer.stderr().contains("does not answer, retrying until it does"));
      restarting.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> consumer.stderr().contains("answers again"));
      try (SafeRedisQueue queue = queue(restarting, "test")) {
        queue.push("after");
      }
      assertThat(consumer.nextLine(60_000)).as(consumer.stderr()).endsWith(" after");
    }
  }

  @Test
  void theProducerReportsAnOutageAndItsEndPromptly() throws Exception {
    try (LocalRedisServer restarting = LocalRedisServer.builder().appendOnly().build().start();
        SampleProcess producer =
            SampleProcess.start(
                "producer", "--saferedisqueue.url=" + restarting.url(), "--skip-empty-lines")) {
      var input = producer.openInput();
      input.line("before");
      await().atMost(Duration.ofSeconds(60)).until(() -> waiting(restarting) == 1);
      restarting.kill();
      input.line("during");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> producer.stderr().contains("does not answer, retrying until it does"));
      restarting.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> producer.stderr().contains("answers again"));
      input.close();
      assertThat(producer.waitFor(120)).as(producer.stderr()).isZero();
      assertThat(payloads(restarting, "test")).contains("before", "during");
    }
  }

  private static long waiting(LocalRedisServer server) {
    try (SafeRedisQueue queue = queue(server, "test")) {
      return queue.admin().sizes().waiting();
    } catch (RuntimeException ex) {
      return -1;
    }
  }

  private static List<String> payloads(String name) {
    return payloads(redis, name);
  }

  private static List<String> payloads(LocalRedisServer server, String name) {
    List<String> payloads = new ArrayList<>();
    try (SafeRedisQueue queue = queue(server, name)) {
      for (SafeRedisQueueItem item : queue.popAvailable(100)) {
        payloads.add(item.payloadAsString());
      }
    }
    return payloads;
  }

  private static SafeRedisQueue queue(LocalRedisServer server, String name) {
    return SafeRedisQueue.builder(server.url()).name(name).disableAutoclean().build();
  }
}

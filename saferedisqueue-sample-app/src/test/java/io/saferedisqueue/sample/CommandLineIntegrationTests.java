package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's command line end to end, as real processes (see {@link SampleProcess} for how they are
 * started) against a local redis-server.
 */
class CommandLineIntegrationTests {

  private static LocalRedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = LocalRedisServer.startDefault();
    System.out.println("Running the sample app as: " + SampleProcess.describe());
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void producerPushesEachLineAndConsumerPrintsEachItemOnce() throws Exception {
    List<String> lines = new ArrayList<>(List.of("Hello World", "  padded line  ", "Grüße, 世界"));
    IntStream.rangeClosed(1, 30).forEach(i -> lines.add("item " + i));

    try (SampleProcess producer =
        SampleProcess.start("producer", "--saferedisqueue.url=" + redis.url())) {
      producer.input(lines);
      assertThat(producer.waitFor(120)).as(producer.stderr()).isZero();
      assertThat(producer.remainingLines()).isEmpty();
    }
    try (SafeRedisQueue test = queue("test");
        SafeRedisQueue orders = queue("orders");
        SafeRedisQueue greetings = queue("greetings")) {
      assertThat(test.admin().sizes().waiting()).isEqualTo(lines.size());
      // No demo producer in the command line.
      assertThat(orders.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
      assertThat(greetings.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
    }

    // Items for the demo's listeners: a command line must leave them alone.
    try (SafeRedisQueue greetings = queue("greetings")) {
      greetings.push("not for the command line");
    }

    Map<String, String> received = new HashMap<>();
    List<String> payloads = new ArrayList<>();
    try (SampleProcess consumer =
        SampleProcess.start("consumer", "--saferedisqueue.url=" + redis.url())) {
      while (payloads.size() < lines.size()) {
        String line = consumer.nextLine(60_000);
        assertThat(line)
            .as("consumer output after %d lines; stderr: %s", payloads.size(), consumer.stderr())
            .isNotNull();
        String uid = line.substring(0, line.indexOf(' '));
        assertThat(uid).hasSize(36);
        assertThat(received.put(uid, line.substring(uid.length() + 1))).isNull();
        payloads.add(line.substring(uid.length() + 1));
      }
      try (SafeRedisQueue test = queue("test")) {
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> assertThat(test.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
      }
      Thread.sleep(500);
      try (SafeRedisQueue greetings = queue("greetings")) {
        assertThat(greetings.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(1, 0, 0));
      }
      assertThat(consumer.remainingLines()).isEmpty();
      assertThat(consumer.isAlive()).isTrue();
      // Which Redis and queue, and nothing else.
      assertThat(consumer.stderr())
          .isEqualTo("saferedisqueue: consumer on queue 'test' at " + redis.url() + "\n");
    }
    assertThat(payloads).containsExactlyElementsOf(lines.stream().map(String::trim).toList());
  }

  @Test
  void nameAndAutocleanIntervalComeFromTheCommandLine() throws Exception {
    String name = "cli-" + System.nanoTime();
    String uid;
    try (SafeRedisQueue queue = queue(name)) {
      uid = queue.push("abandoned");
      // A consumer that took the item and vanished without acking it.
      assertThat(queue.tryPop()).isPresent();
      assertThat(queue.admin().sizes().waiting()).isZero();
    }
    try (SampleProcess consumer =
        SampleProcess.start(
            "consumer",
            "--saferedisqueue.url=" + redis.url(),
            "--saferedisqueue.name=" + name,
            "--saferedisqueue.autoclean-interval=1s")) {
      String line = consumer.nextLine(60_000);
      assertThat(line).as("stderr: %s", consumer.stderr()).isEqualTo(uid + " abandoned");
    }
  }

  @Test
  void helpAndUnknownModesPrintTheUsageWithoutStartingAnything() throws Exception {
    try (SampleProcess help = SampleProcess.start("--help")) {
      assertThat(help.waitFor(60)).as(help.stderr()).isZero();
      assertThat(help.remainingLines()).contains("Modes:").anyMatch(l -> l.contains("producer"));
    }
    try (SampleProcess unknown = SampleProcess.start("frobnicate")) {
      assertThat(unknown.waitFor(60)).isEqualTo(2);
      assertThat(unknown.stderr())
          .startsWith("saferedisqueue: 'frobnicate' is not a mode")
          .contains("Usage:")
          .doesNotContain("Tomcat", "Started");
      assertThat(unknown.remainingLines()).isEmpty();
    }
  }

  @Test
  void producerFailsWithOneLineWhenRedisIsUnreachable() throws Exception {
    try (SampleProcess producer =
        SampleProcess.start("producer", "--saferedisqueue.url=redis://127.0.0.1:1/0")) {
      producer.input(List.of("never pushed"));
      assertThat(producer.waitFor(120)).isNotZero();
      assertOneLineConnectionError(producer.stderr());
      assertThat(producer.remainingLines()).isEmpty();
    }
  }

  @Test
  void consumerFailsWithOneLineWhenRedisIsUnreachable() throws Exception {
    try (SampleProcess consumer =
        SampleProcess.start("consumer", "--saferedisqueue.url=redis://127.0.0.1:1/0")) {
      assertThat(consumer.waitFor(120)).isNotZero();
      assertOneLineConnectionError(consumer.stderr());
    }
  }

  @Test
  void consumerFailsWithOneLineWhenSpringDataRedisIsUnreachable() throws Exception {
    try (SampleProcess consumer =
        SampleProcess.start(
            "consumer", "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=1")) {
      assertThat(consumer.waitFor(120)).isNotZero();
      String[] stderr = consumer.stderr().split("\n");
      assertThat(stderr).hasSize(1);
      assertThat(stderr[0])
          .startsWith("saferedisqueue: cannot connect to Redis at redis://127.0.0.1:1/0: ");
    }
  }

  @Test
  void producerRefusesALineOverTheMaximumPayloadSizeAfterPushingTheLinesBefore() throws Exception {
    String name = "cli-size-" + System.nanoTime();
    try (SampleProcess producer =
        SampleProcess.start(
            "producer",
            "--saferedisqueue.url=" + redis.url(),
            "--saferedisqueue.name=" + name,
            "--saferedisqueue.max-payload-size=10B")) {
      producer.input(List.of("short", "x".repeat(50), "never pushed"));
      assertThat(producer.waitFor(120)).isEqualTo(1);
      assertThat(producer.stderr())
          .isEqualTo(
              "saferedisqueue: producer on queue '"
                  + name
                  + "' at "
                  + redis.url()
                  + "\nsaferedisqueue: line 2 is longer than saferedisqueue.max-payload-size"
                  + " (10 bytes); the lines before it were pushed, it and the rest were not\n");
    }
    try (SafeRedisQueue queue = queue(name)) {
      assertThat(queue.admin().sizes().waiting()).isEqualTo(1);
      assertThat(queue.tryPop().orElseThrow().payloadAsString()).isEqualTo("short");
    }
  }

  @Test
  void bothWarnOnStandardErrorWhenRedisMayEvictAndFailRefusesToStart() throws Exception {
    try (LocalRedisServer evicting =
        LocalRedisServer.builder()
            .args("--maxmemory", "8mb", "--maxmemory-policy", "allkeys-lru")
            .build()
            .start()) {
      String warning =
          "saferedisqueue: warning: Redis at "
              + evicting.url()
              + ": its maxmemory-policy allkeys-lru evicts keys once it reaches maxmemory"
              + " (8388608 bytes): queue items can be lost silently";
      try (SampleProcess producer =
          SampleProcess.start("producer", "--saferedisqueue.url=" + evicting.url())) {
        producer.input(List.of("at risk"));
        assertThat(producer.waitFor(120)).as(producer.stderr()).isZero();
        String[] lines = producer.stderr().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0])
            .isEqualTo("saferedisqueue: producer on queue 'test' at " + evicting.url());
        assertThat(lines[1]).startsWith(warning).contains("eviction-policy-check=off");
      }
      try (SampleProcess consumer =
          SampleProcess.start("consumer", "--saferedisqueue.url=" + evicting.url())) {
        assertThat(consumer.nextLine(60_000)).endsWith(" at risk");
        String[] lines = consumer.stderr().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith(warning);
      }
      try (SampleProcess strict =
          SampleProcess.start(
              "producer",
              "--saferedisqueue.url=" + evicting.url(),
              "--saferedisqueue.eviction-policy-check=fail")) {
        strict.input(List.of("never pushed"));
        assertThat(strict.waitFor(120)).isEqualTo(CommandLine.STARTUP_ERROR);
        // One line (it was the same message three times in 24 lines), saying the way out.
        assertThat(strict.stderr().split("\n")).hasSize(1);
        assertThat(strict.stderr())
            .startsWith("saferedisqueue: Queue 'test' refuses to use Redis at " + evicting.url())
            .contains("maxmemory-policy allkeys-lru")
            .contains(
                "Set maxmemory-policy noeviction on that server, or the check to warn or off");
      }
    }
  }

  private static void assertOneLineConnectionError(String stderr) {
    String[] lines = stderr.split("\n");
    assertThat(lines).as(stderr).hasSize(1);
    assertThat(lines[0])
        .startsWith("saferedisqueue: cannot connect to Redis at redis://127.0.0.1:1/0: ")
        .contains("Connection refused");
  }

  private static SafeRedisQueue queue(String name) {
    return SafeRedisQueue.builder(redis.url()).name(name).disableAutoclean().build();
  }
}

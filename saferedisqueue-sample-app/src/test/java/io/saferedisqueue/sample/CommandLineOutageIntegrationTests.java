package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The command line's consumer and producer in this JVM against real redis-server processes: an
 * outage after the start is waited out (one line when it starts, one when it ends) and consuming or
 * pushing goes on, no line lost; a refused password ends the consumer at once with the Redis error
 * status.
 */
class CommandLineOutageIntegrationTests {

  @Test
  void theConsumerWaitsOutARedisRestartAndGoesOn() throws Exception {
    try (LocalRedisServer redis = LocalRedisServer.builder().appendOnly().build().start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder(redis.url())
                .name("outage")
                .commandTimeout(Duration.ofSeconds(2))
                .build();
        SafeRedisQueue producer =
            SafeRedisQueue.builder(redis.url()).name("outage").disableAutoclean().build()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      AtomicBoolean stop = new AtomicBoolean();
      CompletableFuture<Integer> status =
          CompletableFuture.supplyAsync(
              () ->
                  CommandLineConsumer.consume(
                      queue, printStream(out), printStream(err), stop::get));
      producer.push("before");
      await().atMost(Duration.ofSeconds(20)).until(() -> text(out).contains(" before"));

      redis.kill();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> text(err).contains("does not answer, retrying until it does"));
      assertThat(status).isNotDone();
      redis.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> producer.push("after") != null);
      await().atMost(Duration.ofSeconds(60)).until(() -> text(out).contains(" after"));
      assertThat(text(err)).contains("answers again after");
      assertThat(text(err).lines().filter(l -> l.contains("does not answer")).count())
          .as("one line per outage: %s", text(err))
          .isEqualTo(1);

      stop.set(true);
      assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void theProducerWaitsOutARedisRestartAndPushesEveryLine() throws Exception {
    try (LocalRedisServer redis = LocalRedisServer.builder().appendOnly().build().start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder(redis.url())
                .name("producer-outage")
                .commandTimeout(Duration.ofSeconds(2))
                .build();
        PipedOutputStream lines = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(lines)) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CompletableFuture<Integer> status =
          CompletableFuture.supplyAsync(
              () ->
                  CommandLineProducer.produce(queue, input, printStream(err), () -> false, false));
      lines.write("before\n".getBytes(StandardCharsets.UTF_8));
      lines.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> queue.admin().sizes().waiting() == 1);

      redis.kill();
      lines.write("during\n".getBytes(StandardCharsets.UTF_8));
      lines.flush();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> text(err).contains("does not answer, retrying until it does"));
      assertThat(status).isNotDone();
      redis.start();
      lines.write("after\n".getBytes(StandardCharsets.UTF_8));
      lines.close();
      assertThat(status.get(60, TimeUnit.SECONDS)).isZero();
      assertThat(text(err)).contains("answers again after");

      List<String> pushed = new ArrayList<>();
      for (SafeRedisQueueItem item : queue.popAvailable(10)) {
        pushed.add(item.payloadAsString());
      }
      // At least once: the line pushed while Redis died may be there twice, none is missing.
      assertThat(pushed).contains("before", "during", "after");
      assertThat(pushed).containsSubsequence("before", "during", "after");
    }
  }

  @Test
  void aRefusedPasswordEndsTheConsumerWithOneLine() throws Exception {
    try (LocalRedisServer redis = LocalRedisServer.builder().password("s3cret").build().start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder("redis://:wrong@127.0.0.1:" + redis.port() + "/0")
                .name("refused")
                .commandTimeout(Duration.ofSeconds(5))
                .build()) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          CommandLineConsumer.consume(
              queue, printStream(new ByteArrayOutputStream()), printStream(err), () -> false);
      assertThat(status).isEqualTo(CommandLine.REDIS_ERROR);
      assertThat(text(err).lines()).hasSize(1);
      assertThat(text(err)).contains("WRONGPASS", "refused the credentials");
    }
  }

  private static PrintStream printStream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private static String text(ByteArrayOutputStream bytes) {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}

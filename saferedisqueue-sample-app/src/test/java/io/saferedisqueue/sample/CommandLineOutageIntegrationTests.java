package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The command-line consumer in this JVM against real redis-server processes: an outage after the
 * start is waited out (one line when it starts, one when it ends) and consuming goes on; a refused
 * password ends the consumer at once with the Redis error status.
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
              () -> CommandLine.consume(queue, printStream(out), printStream(err), stop::get));
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
  void aRefusedPasswordEndsTheConsumerWithOneLine() throws Exception {
    try (LocalRedisServer redis = LocalRedisServer.builder().password("s3cret").build().start();
        SafeRedisQueue queue =
            SafeRedisQueue.builder("redis://:wrong@127.0.0.1:" + redis.port() + "/0")
                .name("refused")
                .commandTimeout(Duration.ofSeconds(5))
                .build()) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          CommandLine.consume(
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

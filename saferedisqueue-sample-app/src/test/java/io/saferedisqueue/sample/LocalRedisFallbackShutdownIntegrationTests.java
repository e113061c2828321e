package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.localredis.LocalRedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo on its embedded redis-server, stopped with SIGTERM as a service manager or Ctrl-C's
 * cousin {@code kill} does: the server must outlive the listeners. It used to stop first, through a
 * JVM shutdown hook of its own that ran beside Spring Boot's, and the listeners then waited out
 * their shutdown timeout with a burst of WARN lines about Redis.
 */
class LocalRedisFallbackShutdownIntegrationTests {

  @Test
  void onSigtermTheEmbeddedRedisStopsAfterTheListeners() throws Exception {
    int unusedPort = LocalRedisServer.freePort();
    try (SampleProcess demo =
        SampleProcess.start(
            "--server.port=0",
            "--sample.local-redis.probe-port=" + unusedPort,
            "--sample.demo-producer.every=100ms",
            // No failures on purpose: their WARN lines are not about Redis.
            "--sample.orders.fail-every=0")) {
      List<String> beforeStop = new ArrayList<>();
      int processed = 0;
      // Several orders processed: the demo producer pushes and the listeners take and ack.
      while (processed < 3) {
        String line = demo.nextLine(120_000);
        assertThat(line)
            .as("demo output so far: %s; stderr: %s", beforeStop, demo.stderr())
            .isNotNull();
        beforeStop.add(line);
        if (line.contains("OrderListener") && line.contains("Processed Order")) {
          processed++;
        }
      }
      assertThat(beforeStop).anyMatch(l -> l.contains("started a local redis-server"));

      int status = demo.terminate(120);

      List<String> afterStop = demo.remainingLines();
      assertThat(afterStop)
          .as("after SIGTERM; stderr: %s", demo.stderr())
          .noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR "));
      // 143: ended by SIGTERM, after Spring Boot's shutdown hook has run.
      assertThat(status).isEqualTo(143);
    }
  }
}

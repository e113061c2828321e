package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The repackaged jar, built with Spring Boot's AOT processing, started with {@code
 * -Dspring.aot.enabled=true}: the AOT-generated context starts, and its listeners consume items
 * pushed by the test.
 */
@ExtendWith(RedisTestExtension.class)
class SampleAotIntegrationTests {

  @Test
  void theAotProcessedJarStartsAndItsListenersConsume(RedisTestServer redis) throws Exception {
    assertThat(SampleProcess.fromJar())
        .as("this test needs the repackaged jar (run it with failsafe: ./mvnw verify)")
        .isTrue();
    try (SampleProcess app =
            SampleProcess.startWithJvmOptions(
                List.of("-Dspring.aot.enabled=true"),
                "--spring.data.redis.url=" + redis.url(),
                "--server.port=0",
                "--sample.demo-producer.count=0");
        SafeRedisQueue greetings = SafeRedisQueue.builder(redis.url()).name("greetings").build();
        SafeRedisQueue orders = SafeRedisQueue.builder(redis.url()).name("orders").build()) {
      // The demo logs to standard output.
      StringBuilder log = new StringBuilder();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> read(app, log).contains("Started listener 'orderListener.onOrder'"));
      assertThat(log).contains("Starting AOT-processed SampleApplication");
      List<String> uids = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        uids.add(greetings.push("Hello AOT #" + i));
        orders.pushValue(new Order("AOT-" + i, "tea", i));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(greetings.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
                assertThat(orders.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
              });
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> read(app, log).contains("Processed Order[id=AOT-3"));
      for (String uid : uids) {
        assertThat(log).contains("Greeting " + uid + ": Hello AOT #");
      }
      assertThat(log).contains("Processed Order[id=AOT-1", "Processed Order[id=AOT-2");
    }
  }

  /** Appends what the app printed since the last call; returns all of it. */
  private static String read(SampleProcess app, StringBuilder log) throws InterruptedException {
    String line;
    while ((line = app.nextLine(10)) != null) {
      log.append(line).append('\n');
    }
    return log.toString();
  }
}

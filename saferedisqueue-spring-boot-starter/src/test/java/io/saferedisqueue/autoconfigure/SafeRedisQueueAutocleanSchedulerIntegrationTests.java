package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The autoclean job survives a Redis outage: it logs, retries, and cleans again afterwards. */
@ExtendWith(OutputCaptureExtension.class)
class SafeRedisQueueAutocleanSchedulerIntegrationTests {

  @Test
  void theJobLogsRedisErrorsAndGoesOnAfterAnOutage(CapturedOutput output) throws Exception {
    try (LocalRedisServer redis = LocalRedisServer.startDefault()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SafeRedisQueueAutoConfiguration.class))
          .withPropertyValues(
              "saferedisqueue.url=" + redis.url(),
              "saferedisqueue.command-timeout=2s",
              "saferedisqueue.name=outage",
              "saferedisqueue.autoclean-interval=1s")
          .run(
              context -> {
                SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
                queue.admin().sizes(); // connected

                redis.kill();
                await()
                    .atMost(Duration.ofSeconds(15))
                    .untilAsserted(
                        () ->
                            assertThat(output)
                                .contains("autoclean of queue 'outage' failed, will retry"));
                assertThat(context.getBean(SafeRedisQueueAutocleanScheduler.class).isRunning())
                    .isTrue();

                redis.start();
                // Lettuce reconnects with its own growing delay; this test is about the job, so
                // it waits for the connection to be back before it pushes.
                await()
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> queue.admin().sizes() != null);
                String uid = queue.push("survivor");
                try (SafeRedisQueue consumer =
                    SafeRedisQueue.builder(redis.url()).name("outage").disableAutoclean().build()) {
                  assertThat(consumer.pop(Duration.ofSeconds(2))).isPresent();
                }
                await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(queue.admin().sizes().waiting()).isEqualTo(1));
                assertThat(queue.tryPop().orElseThrow().uid()).isEqualTo(uid);
                assertThat(output).contains("autoclean of queue 'outage' works again");
              });
    }
  }
}

package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Refused credentials through the starter, against real redis-server processes: a wrong password
 * and an ACL user without the queue's permissions are configuration errors. The listener and the
 * autoclean job each say so once at ERROR and retry only at the longest interval; no outage
 * warnings, no fast retry loop.
 */
@ExtendWith(OutputCaptureExtension.class)
class SafeRedisQueueRefusedCredentialsIntegrationTests {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "wrong password, default, wrong, WRONGPASS",
    "user without permissions, reader, pw, NOPERM"
  })
  void aRefusedUserIsAConfigurationErrorLoggedOnce(
      String label, String user, String password, String code, CapturedOutput output)
      throws Exception {
    try (LocalRedisServer redis =
        LocalRedisServer.builder()
            .password("s3cret")
            .args("--user", "reader", "on", ">pw", "~*", "+@read", "+@connection")
            .build()
            .start()) {
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class,
                  SafeRedisQueueAutoConfiguration.class,
                  SafeQueueListenerAutoConfiguration.class))
          .withPropertyValues(
              "spring.data.redis.host=127.0.0.1",
              "spring.data.redis.port=" + redis.port(),
              "spring.data.redis.username=" + user,
              "spring.data.redis.password=" + password,
              "spring.data.redis.timeout=2s",
              "saferedisqueue.name=refused",
              "saferedisqueue.eviction-policy-check=off",
              "saferedisqueue.autoclean-interval=1s",
              "saferedisqueue.listener.poll-timeout=200ms")
          .withBean(Listener.class)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                await()
                    .atMost(Duration.ofSeconds(20))
                    .until(
                        () ->
                            output.getOut().contains("Listener 'refused' cannot consume")
                                && output.getOut().contains("autoclean of queue 'refused' cannot"));
                // Long enough for a fast retry loop to show, short of the longest back-off.
                Thread.sleep(3000);
                List<String> lines = output.getOut().lines().toList();
                assertThat(lines.stream().filter(l -> l.contains("Listener 'refused' cannot")))
                    .singleElement()
                    .asString()
                    .contains("ERROR", "a configuration error, not an outage", code);
                assertThat(lines.stream().filter(l -> l.contains("autoclean of queue 'refused'")))
                    .singleElement()
                    .asString()
                    .contains("ERROR", code);
                assertThat(output.getOut()).doesNotContain("until it answers");
              });
    }
  }

  static class Listener {
    @SafeQueueListener(id = "refused", queue = "refused")
    void handle(SafeRedisQueueItem item) {}
  }
}

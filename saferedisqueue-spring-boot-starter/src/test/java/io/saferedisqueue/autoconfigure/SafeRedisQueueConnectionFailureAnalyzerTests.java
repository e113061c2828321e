package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.core.SafeRedisQueue;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A start-up that fails because Redis is unreachable gets an explanation naming the endpoint. */
class SafeRedisQueueConnectionFailureAnalyzerTests {

  @Test
  void namesTheEndpointAndTheSettingsToChange() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class, SafeRedisQueueAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1")
        .withBean(PushesAtStartup.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis =
                  new SafeRedisQueueConnectionFailureAnalyzer()
                      .analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .startsWith("saferedisqueue could not reach Redis.")
                  .contains("redis://127.0.0.1:1/0");
              assertThat(analysis.getAction())
                  .contains("spring.data.redis.*")
                  .contains("saferedisqueue.url");
            });
  }

  /** A bean that pushes while the context starts. */
  static class PushesAtStartup {
    PushesAtStartup(SafeRedisQueue queue) {
      queue.push("too early");
    }
  }
}

package io.saferedisqueue.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Each bad dashboard property value fails start-up with a message naming the property and the
 * value. The report comes from the starter's failure analyzer, found as Spring Boot finds it (in
 * META-INF/spring.factories), which also covers the dashboard's saferedisqueue.dashboard.* prefix.
 */
class SafeRedisQueueDashboardPropertiesValidationTests {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          saferedisqueue.dashboard.path=saferedisqueue       | saferedisqueue.dashboard.path must be a path such as /saferedisqueue or /admin/queues: starting with '/', without a trailing '/', of letters, digits and . _ ~ -, was 'saferedisqueue'
          saferedisqueue.dashboard.path=/ops/                | saferedisqueue.dashboard.path must be a path such as /saferedisqueue or /admin/queues
          saferedisqueue.dashboard.path=/                    | was '/'
          saferedisqueue.dashboard.path=/a b                 | was '/a b'
          saferedisqueue.dashboard.write-role=ROLE_ADMIN     | saferedisqueue.dashboard.write-role must be a role name without the ROLE_ prefix, such as SAFEREDISQUEUE_ADMIN: letters, digits and . _ -, was 'ROLE_ADMIN'
          saferedisqueue.dashboard.sample-interval=10ms      | saferedisqueue.dashboard.sample-interval must be a duration of at least 100ms, such as 5s, was 10ms
          saferedisqueue.dashboard.history=1s                | saferedisqueue.dashboard.history must be at least the sample interval (5s), such as 10m, was 1s
          saferedisqueue.dashboard.history=30d               | saferedisqueue.dashboard.history must hold at most 10000 samples of the sample interval (5s), was 2592000s
          """)
  void badDashboardValueFailsStartupNamingPropertyAndValue(String property, String expected) {
    new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class,
                SafeRedisQueueAutoConfiguration.class,
                SafeRedisQueueDashboardAutoConfiguration.class))
        .withPropertyValues("saferedisqueue.dashboard.enabled=true", property)
        .run(
            context -> {
              assertThat(context).hasFailed();
              List<FailureAnalysis> analyses =
                  SpringFactoriesLoader.forDefaultResourceLocation()
                      // Spring Boot's own analyzers that need constructor arguments are not
                      // needed here.
                      .load(FailureAnalyzer.class, null, (type, name, failure) -> {})
                      .stream()
                      .map(analyzer -> analyzer.analyze(context.getStartupFailure()))
                      .filter(Objects::nonNull)
                      .toList();
              assertThat(analyses)
                  .anySatisfy(
                      analysis ->
                          assertThat(analysis.getDescription())
                              .startsWith("Invalid saferedisqueue configuration:")
                              .contains(expected));
            });
  }
}

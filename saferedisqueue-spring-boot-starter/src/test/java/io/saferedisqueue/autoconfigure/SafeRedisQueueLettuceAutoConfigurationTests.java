package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Topology refresh and the shutdown bound, by their conditions, without a Redis server. */
class SafeRedisQueueLettuceAutoConfigurationTests {

  // Nothing listens on these ports: no test here may touch a Redis that happens to run here.
  private static final String CLUSTER = "spring.data.redis.cluster.nodes=127.0.0.1:1,127.0.0.1:2";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class, SafeRedisQueueLettuceAutoConfiguration.class));

  private static ClientOptions clientOptions(AssertableApplicationContext context) {
    return context
        .getBean(LettuceConnectionFactory.class)
        .getClientConfiguration()
        .getClientOptions()
        .orElseThrow();
  }

  private static ClusterTopologyRefreshOptions refresh(AssertableApplicationContext context) {
    assertThat(clientOptions(context)).isInstanceOf(ClusterClientOptions.class);
    return ((ClusterClientOptions) clientOptions(context)).getTopologyRefreshOptions();
  }

  @Test
  void aClusterConnectionRefreshesAdaptivelyAndPeriodically() {
    runner
        .withPropertyValues(CLUSTER)
        .run(
            context -> {
              ClusterTopologyRefreshOptions refresh = refresh(context);
              assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
              assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(30));
              assertThat(refresh.getAdaptiveRefreshTriggers())
                  .isEqualTo(EnumSet.allOf(RefreshTrigger.class));
              assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(1));
              assertThat(refresh.useDynamicRefreshSources()).isTrue();
            });
  }

  @Test
  void periodAdaptiveTimeoutAndBootsDynamicSourcesAreTaken() {
    runner
        .withPropertyValues(
            CLUSTER,
            "saferedisqueue.lettuce.cluster-refresh.period=7s",
            "saferedisqueue.lettuce.cluster-refresh.adaptive-timeout=2s",
            "spring.data.redis.lettuce.cluster.refresh.dynamic-refresh-sources=false")
        .run(
            context -> {
              ClusterTopologyRefreshOptions refresh = refresh(context);
              assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(7));
              assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(2));
              assertThat(refresh.useDynamicRefreshSources()).isFalse();
            });
  }

  @Test
  void backsOffWhenTheApplicationSetsBootsRefreshProperties() {
    runner
        .withPropertyValues(CLUSTER, "spring.data.redis.lettuce.cluster.refresh.period=3s")
        .run(
            context -> {
              ClusterTopologyRefreshOptions refresh = refresh(context);
              assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(3));
              assertThat(refresh.getAdaptiveRefreshTriggers()).isEmpty();
            });
    // Even "false" is the application's choice.
    runner
        .withPropertyValues(CLUSTER, "spring.data.redis.lettuce.cluster.refresh.adaptive=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("safeRedisQueueClusterTopologyRefresh");
              ClusterTopologyRefreshOptions refresh = refresh(context);
              assertThat(refresh.isPeriodicRefreshEnabled()).isFalse();
              assertThat(refresh.getAdaptiveRefreshTriggers()).isEmpty();
            });
  }

  @Test
  void backsOffWhenSwitchedOff() {
    runner
        .withPropertyValues(CLUSTER, "saferedisqueue.lettuce.cluster-refresh.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(LettuceClientOptionsBuilderCustomizer.class);
              assertThat(refresh(context).isPeriodicRefreshEnabled()).isFalse();
              assertThat(context).hasSingleBean(LettuceShutdownBound.class);
            });
  }

  @Test
  void theApplicationsOwnClientOptionsWin() {
    runner
        .withPropertyValues(CLUSTER)
        .withUserConfiguration(OwnClientOptions.class)
        .run(
            context -> {
              assertThat(clientOptions(context)).isSameAs(OwnClientOptions.OPTIONS);
              assertThat(refresh(context).isPeriodicRefreshEnabled()).isFalse();
            });
  }

  @Test
  void standaloneAndSentinelOptionsAreLeftAlone() {
    runner
        .withPropertyValues("spring.data.redis.port=1")
        .run(
            context -> {
              assertThat(context).hasSingleBean(LettuceClientOptionsBuilderCustomizer.class);
              assertThat(clientOptions(context)).isNotInstanceOf(ClusterClientOptions.class);
            });
    runner
        .withPropertyValues(
            "spring.data.redis.sentinel.master=mymaster",
            "spring.data.redis.sentinel.nodes=127.0.0.1:1")
        .run(
            context ->
                assertThat(clientOptions(context)).isNotInstanceOf(ClusterClientOptions.class));
  }

  @Test
  void theStopTimeoutIsTenSecondsUnlessSetAndMustBePositive() {
    runner.run(
        context ->
            assertThat(context.getBean(SafeRedisQueueLettuceProperties.class).getStopTimeout())
                .isEqualTo(Duration.ofSeconds(10)));
    runner
        .withPropertyValues("saferedisqueue.lettuce.stop-timeout=2s")
        .run(
            context ->
                assertThat(context.getBean(SafeRedisQueueLettuceProperties.class).getStopTimeout())
                    .isEqualTo(Duration.ofSeconds(2)));
    runner
        .withPropertyValues("saferedisqueue.lettuce.stop-timeout=0s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("saferedisqueue.lettuce.stop-timeout must be positive")
                    .hasMessageContaining("was PT0S"));
  }

  @Test
  void backsOffWithoutLettuce() {
    runner
        .withClassLoader(new FilteredClassLoader(RedisClient.class))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(LettuceShutdownBound.class);
              assertThat(context).doesNotHaveBean(SafeRedisQueueLettuceProperties.class);
            });
  }

  @Test
  void aBoundOfTheApplicationsOwnWins() {
    runner
        .withUserConfiguration(OwnBound.class)
        .run(
            context ->
                assertThat(context.getBean(LettuceShutdownBound.class))
                    .isSameAs(context.getBean("ownBound")));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClientOptions {
    static final ClusterClientOptions OPTIONS = ClusterClientOptions.builder().build();

    @Bean
    LettuceClientConfigurationBuilderCustomizer ownOptions() {
      return builder -> builder.clientOptions(OPTIONS);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBound {
    @Bean
    LettuceShutdownBound ownBound(
        org.springframework.beans.factory.ObjectProvider<LettuceConnectionFactory> factories) {
      return new LettuceShutdownBound(factories, Duration.ofSeconds(1));
    }
  }
}

package io.saferedisqueue.autoconfigure;

import io.lettuce.core.RedisClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configuration of Spring Boot's Lettuce connection factory for Redis Cluster and Sentinel in
 * production, from {@code saferedisqueue.lettuce.*}.
 *
 * <p>On cluster connections ({@code spring.data.redis.cluster.nodes}) it switches on Lettuce's
 * adaptive and periodic topology refresh (a {@link LettuceClientOptionsBuilderCustomizer}), unless
 * {@code saferedisqueue.lettuce.cluster-refresh.enabled=false}, the application sets {@code
 * spring.data.redis.lettuce.cluster.refresh.period} or {@code .adaptive} itself, or gives its own
 * client options. Without it, Lettuce keeps sending a failed primary's slots to the dead node after
 * a failover until a command meets a redirect. And it bounds how long the application waits for
 * Lettuce's connection factories to shut down ({@code saferedisqueue.lettuce.stop-timeout}), so a
 * process whose Redis nodes are all gone still exits.
 */
@AutoConfiguration(before = DataRedisAutoConfiguration.class)
@ConditionalOnClass({
  RedisClient.class,
  LettuceConnectionFactory.class,
  LettuceClientOptionsBuilderCustomizer.class
})
@EnableConfigurationProperties(SafeRedisQueueLettuceProperties.class)
public final class SafeRedisQueueLettuceAutoConfiguration {

  private static final String BOOT_REFRESH = "spring.data.redis.lettuce.cluster.refresh";

  @Bean
  @ConditionalOnBooleanProperty(
      name = "saferedisqueue.lettuce.cluster-refresh.enabled",
      matchIfMissing = true)
  @Conditional(NoTopologyRefreshOfItsOwn.class)
  LettuceClientOptionsBuilderCustomizer safeRedisQueueClusterTopologyRefresh(
      SafeRedisQueueLettuceProperties properties, org.springframework.core.env.Environment env) {
    boolean dynamicRefreshSources =
        Binder.get(env).bind(BOOT_REFRESH + ".dynamic-refresh-sources", Boolean.class).orElse(true);
    return new ClusterTopologyRefreshCustomizer(
        properties.getClusterRefresh().getPeriod(),
        properties.getClusterRefresh().getAdaptiveTimeout(),
        dynamicRefreshSources);
  }

  @Bean
  @ConditionalOnMissingBean
  LettuceShutdownBound safeRedisQueueLettuceShutdownBound(
      ObjectProvider<LettuceConnectionFactory> factories,
      SafeRedisQueueLettuceProperties properties) {
    return new LettuceShutdownBound(factories, properties.getStopTimeout());
  }

  /** Matches while the application sets neither Boot's refresh period nor its adaptive switch. */
  static final class NoTopologyRefreshOfItsOwn extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      Binder binder = Binder.get(context.getEnvironment());
      for (String property : new String[] {BOOT_REFRESH + ".period", BOOT_REFRESH + ".adaptive"}) {
        if (binder.bind(property, String.class).isBound()) {
          return ConditionOutcome.noMatch(
              property + " is set: the application refreshes the cluster topology its own way");
        }
      }
      return ConditionOutcome.match("no topology refresh of the application's own");
    }
  }
}

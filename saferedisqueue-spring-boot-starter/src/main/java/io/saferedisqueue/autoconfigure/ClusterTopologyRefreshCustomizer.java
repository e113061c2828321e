package io.saferedisqueue.autoconfigure;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import java.time.Duration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.core.Ordered;

/**
 * Switches on adaptive and periodic topology refresh in the client options Spring Boot builds for a
 * cluster connection, so that after a failover Lettuce learns the promoted replica in about the
 * time Redis needs to promote it, instead of sending commands for the failed primary's slots to a
 * dead node until something else makes it look again.
 *
 * <p>It runs first among the client options customizers, so an application's own customizer
 * overrides it, and an application that sets its own client options on the client configuration
 * replaces it altogether. Standalone and Sentinel options are left alone.
 */
final class ClusterTopologyRefreshCustomizer
    implements LettuceClientOptionsBuilderCustomizer, Ordered {

  private final Duration period;
  private final Duration adaptiveTimeout;
  private final boolean dynamicRefreshSources;

  ClusterTopologyRefreshCustomizer(
      Duration period, Duration adaptiveTimeout, boolean dynamicRefreshSources) {
    this.period = period;
    this.adaptiveTimeout = adaptiveTimeout;
    this.dynamicRefreshSources = dynamicRefreshSources;
  }

  @Override
  public void customize(ClientOptions.Builder builder) {
    if (builder instanceof ClusterClientOptions.Builder cluster) {
      cluster.topologyRefreshOptions(
          ClusterTopologyRefreshOptions.builder()
              .dynamicRefreshSources(dynamicRefreshSources)
              .enablePeriodicRefresh(period)
              .enableAllAdaptiveRefreshTriggers()
              .adaptiveRefreshTriggersTimeout(adaptiveTimeout)
              .build());
    }
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}

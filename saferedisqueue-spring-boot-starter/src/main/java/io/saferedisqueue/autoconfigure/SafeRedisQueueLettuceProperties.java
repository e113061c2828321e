package io.saferedisqueue.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of what the starter changes in Spring Boot's Lettuce connection factory for Redis
 * Cluster and Sentinel: topology refresh on clusters and a bound on Lettuce's shutdown.
 */
@ConfigurationProperties("saferedisqueue.lettuce")
public class SafeRedisQueueLettuceProperties {

  /**
   * Longest wait for Lettuce's connection factories to shut down when the application stops; past
   * it, shutdown goes on without them, since Lettuce's client can wait forever when no Redis node
   * is left.
   */
  private Duration stopTimeout = Duration.ofSeconds(10);

  /** Topology refresh of cluster connections. */
  private final ClusterRefresh clusterRefresh = new ClusterRefresh();

  public Duration getStopTimeout() {
    return stopTimeout;
  }

  public void setStopTimeout(Duration stopTimeout) {
    this.stopTimeout = positive("saferedisqueue.lettuce.stop-timeout", stopTimeout);
  }

  public ClusterRefresh getClusterRefresh() {
    return clusterRefresh;
  }

  static Duration positive(String property, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(property + " must be positive, was " + value);
    }
    return value;
  }

  /**
   * Topology refresh of cluster connections. It applies only while the application sets none of
   * {@code spring.data.redis.lettuce.cluster.refresh.period} and {@code
   * spring.data.redis.lettuce.cluster.refresh.adaptive} and gives no client options of its own.
   */
  public static class ClusterRefresh {

    /**
     * Whether cluster connections refresh their view of the cluster when Lettuce meets a sign of a
     * change (MOVED, ASK, reconnects, unknown nodes) and periodically.
     */
    private boolean enabled = true;

    /** Time between periodic refreshes of the cluster topology. */
    private Duration period = Duration.ofSeconds(30);

    /**
     * Shortest time between two refreshes triggered by signs of a change. A failover's first signs
     * come before the replica is promoted, so the refresh after them finds the old topology; a
     * short timeout lets the next sign refresh again soon (Lettuce's own default is 30 s).
     */
    private Duration adaptiveTimeout = Duration.ofSeconds(1);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getPeriod() {
      return period;
    }

    public void setPeriod(Duration period) {
      this.period = positive("saferedisqueue.lettuce.cluster-refresh.period", period);
    }

    public Duration getAdaptiveTimeout() {
      return adaptiveTimeout;
    }

    public void setAdaptiveTimeout(Duration adaptiveTimeout) {
      this.adaptiveTimeout =
          positive("saferedisqueue.lettuce.cluster-refresh.adaptive-timeout", adaptiveTimeout);
    }
  }
}

package io.saferedisqueue.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.autoconfigure.metrics.SafeRedisQueueMetricsAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueStatsCache;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.micrometer.MicrometerSafeRedisQueueMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Auto-configuration of the dashboard: in a servlet web application with Spring MVC, a page at
 * {@code saferedisqueue.dashboard.path} (default {@code /saferedisqueue}) that shows every queue of
 * the application (and, by a bounded scan, the other queues in its Redis), their in-flight items,
 * delayed items and dead letters, and the listeners. Safe by default, as Actuator is: served only
 * with {@code saferedisqueue.dashboard.enabled=true}, and then read-only until {@code
 * saferedisqueue.dashboard.read-only=false} allows the writes (requeue or delete dead letters,
 * pause or resume listeners). With Spring Security on the class path the writes also need an
 * authenticated user with the role {@code saferedisqueue.dashboard.write-role} (default {@code
 * SAFEREDISQUEUE_ADMIN}); the server refuses every other write with 403.
 *
 * <p>The page and its JSON endpoints are one {@link RouterFunction} bean, {@value #ROUTES_BEAN}, so
 * Spring Security rules and CSRF protection apply to them as to any other path.
 */
@AutoConfiguration(
    after = {
      SafeRedisQueueAutoConfiguration.class,
      SafeQueueListenerAutoConfiguration.class,
      SafeRedisQueueMetricsAutoConfiguration.class
    })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, RouterFunction.class})
@ConditionalOnBooleanProperty("saferedisqueue.dashboard.enabled")
@EnableConfigurationProperties(SafeRedisQueueDashboardProperties.class)
public final class SafeRedisQueueDashboardAutoConfiguration {

  /** Name of the bean with the dashboard's routes. */
  public static final String ROUTES_BEAN = "safeRedisQueueDashboardRoutes";

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(SafeRedisQueueFactory.class)
  DashboardSampler safeRedisQueueDashboardSampler(
      SafeRedisQueueFactory queueFactory,
      SafeRedisQueueDashboardProperties properties,
      ObjectProvider<QueueCounters> counters,
      ObjectProvider<SafeRedisQueueStatsCache> cache,
      ObjectProvider<SafeQueueListenerEndpointRegistry> listenerRegistry,
      Environment environment) {
    return new DashboardSampler(
        queueFactory,
        properties,
        counters.getIfUnique(() -> QueueCounters.NONE),
        cache.getIfUnique(),
        environment.getProperty("saferedisqueue.name", SafeRedisQueue.DEFAULT_NAME),
        queue -> {
          SafeQueueListenerEndpointRegistry registry = listenerRegistry.getIfUnique();
          return registry != null
              && registry.getListenerContainers().stream()
                  .anyMatch(container -> container.getQueueName().equals(queue));
        });
  }

  @Bean(ROUTES_BEAN)
  @ConditionalOnMissingBean(name = ROUTES_BEAN)
  @ConditionalOnSingleCandidate(DashboardSampler.class)
  RouterFunction<ServerResponse> safeRedisQueueDashboardRoutes(
      DashboardSampler sampler,
      SafeRedisQueueDashboardProperties properties,
      ObjectProvider<SafeQueueListenerEndpointRegistry> listenerRegistry,
      ResourceLoader resourceLoader) {
    String path = properties.getPath();
    DashboardWriteAccess access =
        new DashboardWriteAccess(
            properties.isReadOnly(), properties.getWriteRole(), resourceLoader.getClassLoader());
    DashboardPage page = new DashboardPage(path, access);
    DashboardApi api = new DashboardApi(sampler, listenerRegistry, access);
    String apiPath = path + "/api";
    return RouterFunctions.route()
        .GET(path, page::index)
        .GET(path + "/", page::index)
        .GET(path + "/dashboard.js", page::script)
        .GET(path + "/dashboard.css", page::style)
        .GET(apiPath + "/overview", api::overview)
        .GET(apiPath + "/queue", api::queue)
        .GET(apiPath + "/queue/dead", api::deadLetters)
        .GET(apiPath + "/queue/in-flight", api::inFlight)
        .GET(apiPath + "/queue/delayed", api::delayed)
        .POST(apiPath + "/queue/dead/requeue", api::requeueDead)
        .POST(apiPath + "/queue/dead/requeue-all", api::requeueAllDead)
        .POST(apiPath + "/queue/dead/delete", api::deleteDead)
        .POST(apiPath + "/queue/dead/delete-all", api::deleteAllDead)
        .POST(apiPath + "/listener/pause", api::pauseListener)
        .POST(apiPath + "/listener/resume", api::resumeListener)
        .build();
  }

  /** Rates from the queues' Micrometer counters, when Micrometer is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, MicrometerSafeRedisQueueMetrics.class})
  static class MicrometerCountersConfiguration {

    @Bean
    @ConditionalOnMissingBean
    QueueCounters safeRedisQueueDashboardCounters(ObjectProvider<MeterRegistry> registry) {
      return new MicrometerQueueCounters(registry);
    }
  }
}

package io.saferedisqueue.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Where the dashboard is there and where it backs off. No Redis: nothing here reads a queue (the
 * sampler's reads fail on the closed port and are recorded, not thrown).
 */
class SafeRedisQueueDashboardAutoConfigurationTests {

  private static final String ROUTES = SafeRedisQueueDashboardAutoConfiguration.ROUTES_BEAN;

  private static final AutoConfigurations CONFIGURATIONS =
      AutoConfigurations.of(
          DataRedisAutoConfiguration.class,
          SafeRedisQueueAutoConfiguration.class,
          SafeQueueListenerAutoConfiguration.class,
          SafeRedisQueueDashboardAutoConfiguration.class);

  private static final String[] PROPERTIES = {
    "spring.data.redis.port=1",
    "saferedisqueue.dashboard.enabled=true",
    "saferedisqueue.autoclean-job-enabled=false",
    "saferedisqueue.dashboard.discover-queues=false"
  };

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(CONFIGURATIONS)
          .withPropertyValues(PROPERTIES);

  @Test
  void offByDefault() {
    new WebApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues(
            "spring.data.redis.port=1", "saferedisqueue.autoclean-job-enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(DashboardSampler.class);
              assertThat(context).doesNotHaveBean(ROUTES);
              assertThat(context).doesNotHaveBean(SafeRedisQueueDashboardProperties.class);
            });
  }

  @Test
  void servedOnceEnabledAndThenReadOnlyByDefault() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(DashboardSampler.class);
          assertThat(context).hasBean(ROUTES);
          SafeRedisQueueDashboardProperties properties =
              context.getBean(SafeRedisQueueDashboardProperties.class);
          assertThat(properties.isEnabled()).isTrue();
          assertThat(properties.getPath()).isEqualTo("/saferedisqueue");
          assertThat(properties.isReadOnly()).isTrue();
          assertThat(properties.getWriteRole()).isEqualTo("SAFEREDISQUEUE_ADMIN");
          assertThat(properties.isDiscoverQueues()).isFalse();
          DashboardSampler sampler = context.getBean(DashboardSampler.class);
          assertThat(sampler.interval()).isEqualTo(Duration.ofSeconds(5));
          assertThat(sampler.history()).isEqualTo(Duration.ofMinutes(10));
          assertThat(sampler.isRunning()).isTrue();
        });
  }

  @Test
  void aWriteRoleWithThePrefixOrASpaceFailsStartUpNamingIt() {
    for (String role : new String[] {"ROLE_ADMIN", "ops team"}) {
      runner
          .withPropertyValues("saferedisqueue.dashboard.write-role=" + role)
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageContaining("saferedisqueue.dashboard.write-role")
                      .hasMessageContaining("without the ROLE_ prefix")
                      .hasMessageContaining("'" + role + "'"));
    }
  }

  @Test
  void propertiesOverrideTheDefaults() {
    runner
        .withPropertyValues(
            "saferedisqueue.dashboard.path=/ops/queues",
            "saferedisqueue.dashboard.read-only=false",
            "saferedisqueue.dashboard.write-role=OPS",
            "saferedisqueue.dashboard.sample-interval=2s",
            "saferedisqueue.dashboard.history=3m",
            "saferedisqueue.dashboard.discover-queues=true")
        .run(
            context -> {
              SafeRedisQueueDashboardProperties properties =
                  context.getBean(SafeRedisQueueDashboardProperties.class);
              assertThat(properties.getPath()).isEqualTo("/ops/queues");
              assertThat(properties.isReadOnly()).isFalse();
              assertThat(properties.getWriteRole()).isEqualTo("OPS");
              assertThat(properties.isDiscoverQueues()).isTrue();
              assertThat(properties.samplesKept()).isEqualTo(91);
              DashboardSampler sampler = context.getBean(DashboardSampler.class);
              assertThat(sampler.interval()).isEqualTo(Duration.ofSeconds(2));
              assertThat(sampler.history()).isEqualTo(Duration.ofMinutes(3));
            });
  }

  @Test
  void offWhenDisabled() {
    runner
        .withPropertyValues("saferedisqueue.dashboard.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(DashboardSampler.class);
              assertThat(context).doesNotHaveBean(ROUTES);
            });
  }

  @Test
  void absentWithoutAWebServer() {
    new ApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues(PROPERTIES)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(DashboardSampler.class);
              assertThat(context).doesNotHaveBean(ROUTES);
            });
  }

  @Test
  void absentInAReactiveWebApplication() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues(PROPERTIES)
        .run(context -> assertThat(context).doesNotHaveBean(DashboardSampler.class));
  }

  @Test
  void absentWithoutSpringMvc() {
    runner
        .withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(DashboardSampler.class);
              assertThat(context).doesNotHaveBean(ROUTES);
            });
  }

  @Test
  void absentWithoutAQueueFactory() {
    new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SafeRedisQueueAutoConfiguration.class,
                SafeRedisQueueDashboardAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(DashboardSampler.class);
              assertThat(context).doesNotHaveBean(ROUTES);
            });
  }

  @Test
  void backsOffToRoutesOfTheApplicationWithTheSameName() {
    RouterFunction<ServerResponse> own =
        RouterFunctions.route().GET("/mine", request -> ServerResponse.ok().build()).build();
    runner
        .withBean(ROUTES, RouterFunction.class, () -> own)
        .run(context -> assertThat(context.getBean(ROUTES)).isSameAs(own));
  }

  @Test
  void ratesComeFromMicrometerWhenItIsThere() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context.getBean(QueueCounters.class))
                  .isInstanceOf(MicrometerQueueCounters.class);
              assertThat(context.getBean(DashboardSampler.class).countsRates()).isTrue();
            });
    runner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(QueueCounters.class);
              assertThat(context.getBean(DashboardSampler.class).countsRates()).isFalse();
            });
  }

  @Test
  void readOnlyByDefaultRefusesWritesBeforeTouchingRedis() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                JacksonAutoConfiguration.class,
                HttpMessageConvertersAutoConfiguration.class,
                WebMvcAutoConfiguration.class))
        .run(
            context -> {
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
              MockHttpServletResponse page =
                  mvc.perform(get("/saferedisqueue")).andReturn().getResponse();
              assertThat(page.getContentAsString(StandardCharsets.UTF_8))
                  .contains("<meta name=\"srq-read-only\" content=\"true\">");
              for (String write :
                  new String[] {
                    "queue/dead/requeue?name=0",
                    "queue/dead/requeue-all?name=0",
                    "queue/dead/delete?name=0",
                    "queue/dead/delete-all?name=0",
                    "listener/pause?id=any",
                    "listener/resume?id=any"
                  }) {
                MockHttpServletResponse refused =
                    mvc.perform(
                            post("/saferedisqueue/api/" + write)
                                .header(DashboardApi.WRITE_HEADER, "1"))
                        .andReturn()
                        .getResponse();
                assertThat(refused.getStatus()).as(write).isEqualTo(403);
                assertThat(refused.getContentAsString()).contains("read-only");
              }
            });
  }
}

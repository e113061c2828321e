package io.saferedisqueue.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Safe by default (issue #19), on a real Redis: with default settings no anonymous request changes
 * anything; once enabled the dashboard is read-only until writes are allowed; with Spring Security
 * the writes need an authenticated user with the write role. Every refused write changes nothing.
 */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueDashboardSafeDefaultsIntegrationTests {

  private static final String LISTENER = "safe-defaults-listener";

  private final String orders = "orders-" + UUID.randomUUID().toString().substring(0, 8);
  private final WebApplicationContextRunner runner;

  SafeRedisQueueDashboardSafeDefaultsIntegrationTests(RedisTestServer redis) {
    this.runner =
        new WebApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    DataRedisAutoConfiguration.class,
                    SafeRedisQueueAutoConfiguration.class,
                    SafeQueueListenerAutoConfiguration.class,
                    SafeRedisQueueDashboardAutoConfiguration.class,
                    JacksonAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class,
                    WebMvcAutoConfiguration.class))
            .withPropertyValues(
                "spring.data.redis.url=" + redis.url(),
                "test.queue=listened-" + orders,
                "saferedisqueue.autoclean-job-enabled=false",
                "saferedisqueue.listener.poll-timeout=200ms",
                "saferedisqueue.listener.shutdown-timeout=2s",
                "saferedisqueue.dashboard.sample-interval=1h",
                "saferedisqueue.dashboard.history=1h")
            .withBean(Listener.class);
  }

  @Test
  void withDefaultSettingsAnAnonymousDeleteAllFindsNoDashboardAndChangesNothing() {
    runner.run(
        context -> {
          SafeRedisQueue queue = deadLetterOne(context);
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();

          assertThat(perform(mvc, deleteAll()).getStatus()).isEqualTo(404);
          assertThat(perform(mvc, pause()).getStatus()).isEqualTo(404);
          assertThat(perform(mvc, get("/saferedisqueue")).getStatus()).isEqualTo(404);

          assertThat(queue.deadLetters().count()).isEqualTo(1);
          assertThat(listener(context).isPaused()).isFalse();
        });
  }

  @Test
  void enabledTheDashboardIsReadOnlyUntilWritesAreAllowed() {
    runner
        .withPropertyValues("saferedisqueue.dashboard.enabled=true")
        .run(
            context -> {
              SafeRedisQueue queue = deadLetterOne(context);
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();

              MockHttpServletResponse refused = perform(mvc, deleteAll());
              assertThat(refused.getStatus()).isEqualTo(403);
              assertThat(refused.getContentAsString())
                  .contains("read-only", "saferedisqueue.dashboard.read-only=false");
              assertThat(perform(mvc, pause()).getStatus()).isEqualTo(403);
              assertThat(perform(mvc, get("/saferedisqueue")).getContentAsString())
                  .contains("<meta name=\"srq-read-only\" content=\"true\">");

              assertThat(queue.deadLetters().count()).isEqualTo(1);
              assertThat(listener(context).isPaused()).isFalse();
            });
  }

  @Test
  void withSpringSecurityWritesNeedAnAuthenticatedUserWithTheWriteRole() {
    runner
        .withPropertyValues(
            "saferedisqueue.dashboard.enabled=true", "saferedisqueue.dashboard.read-only=false")
        .withUserConfiguration(OpenToAll.class)
        .run(
            context -> {
              SafeRedisQueue queue = deadLetterOne(context);
              MockMvc mvc = secured(context);

              MockHttpServletResponse anonymous = perform(mvc, deleteAll().with(csrf()));
              assertThat(anonymous.getStatus()).isEqualTo(403);
              assertThat(anonymous.getContentAsString())
                  .contains("role SAFEREDISQUEUE_ADMIN", "saferedisqueue.dashboard.write-role");
              assertThat(perform(mvc, pause().with(csrf())).getStatus()).isEqualTo(403);
              assertThat(
                      perform(mvc, deleteAll().with(csrf()).with(httpBasic("dev", "dev")))
                          .getStatus())
                  .isEqualTo(403);
              assertThat(
                      perform(mvc, pause().with(csrf()).with(httpBasic("dev", "dev"))).getStatus())
                  .isEqualTo(403);
              assertThat(queue.deadLetters().count()).isEqualTo(1);
              assertThat(listener(context).isPaused()).isFalse();
              assertThat(perform(mvc, get("/saferedisqueue")).getContentAsString())
                  .contains("<meta name=\"srq-read-only\" content=\"true\">");

              assertThat(
                      perform(mvc, get("/saferedisqueue").with(httpBasic("admin", "admin")))
                          .getContentAsString())
                  .contains("<meta name=\"srq-read-only\" content=\"false\">");
              MockHttpServletResponse admin =
                  perform(mvc, deleteAll().with(csrf()).with(httpBasic("admin", "admin")));
              assertThat(admin.getStatus()).as(admin.getContentAsString()).isEqualTo(200);
              assertThat(queue.deadLetters().count()).isZero();
              assertThat(
                      perform(mvc, pause().with(csrf()).with(httpBasic("admin", "admin")))
                          .getStatus())
                  .isEqualTo(200);
              assertThat(listener(context).isPaused()).isTrue();
            });
  }

  @Test
  void theWriteRoleIsAProperty() {
    runner
        .withPropertyValues(
            "saferedisqueue.dashboard.enabled=true",
            "saferedisqueue.dashboard.read-only=false",
            "saferedisqueue.dashboard.write-role=OPS")
        .withUserConfiguration(OpenToAll.class)
        .run(
            context -> {
              SafeRedisQueue queue = deadLetterOne(context);
              MockMvc mvc = secured(context);

              MockHttpServletResponse admin =
                  perform(mvc, deleteAll().with(csrf()).with(httpBasic("admin", "admin")));
              assertThat(admin.getStatus()).isEqualTo(403);
              assertThat(admin.getContentAsString()).contains("role OPS");
              assertThat(queue.deadLetters().count()).isEqualTo(1);

              MockHttpServletResponse ops =
                  perform(mvc, deleteAll().with(csrf()).with(httpBasic("ops", "ops")));
              assertThat(ops.getStatus()).as(ops.getContentAsString()).isEqualTo(200);
              assertThat(queue.deadLetters().count()).isZero();
            });
  }

  private SafeRedisQueue deadLetterOne(AssertableWebApplicationContext context) {
    assertThat(context).hasNotFailed();
    SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(orders);
    queue.push("poison");
    queue.deadLetter(queue.tryPop().orElseThrow().uid(), "test");
    assertThat(queue.deadLetters().count()).isEqualTo(1);
    return queue;
  }

  private static SafeQueueListenerContainer listener(AssertableWebApplicationContext context) {
    return context.getBean(SafeQueueListenerEndpointRegistry.class).getListenerContainer(LISTENER);
  }

  private static MockMvc secured(AssertableWebApplicationContext context) {
    return MockMvcBuilders.webAppContextSetup(context)
        .apply(SecurityMockMvcConfigurers.springSecurity())
        .build();
  }

  private MockHttpServletRequestBuilder deleteAll() {
    return post("/saferedisqueue/api/queue/dead/delete-all?name=" + orders)
        .header(DashboardApi.WRITE_HEADER, "1");
  }

  private static MockHttpServletRequestBuilder pause() {
    return post("/saferedisqueue/api/listener/pause?id=" + LISTENER)
        .header(DashboardApi.WRITE_HEADER, "1");
  }

  private static MockHttpServletResponse perform(MockMvc mvc, MockHttpServletRequestBuilder request)
      throws Exception {
    MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    return response;
  }

  /** A listener (on a queue of its own) that the writes would pause. */
  static class Listener {
    @SafeQueueListener(id = LISTENER, queue = "${test.queue}")
    void onItem(String item) {}
  }

  /**
   * An application that lets everyone reach every path (the dashboard included) and keeps CSRF
   * protection on: only the dashboard's own check stands between a user and the writes.
   */
  @Configuration(proxyBeanMethods = false)
  @EnableWebSecurity
  static class OpenToAll {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
          .httpBasic(Customizer.withDefaults())
          .build();
    }

    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("admin").password("{noop}admin").roles("SAFEREDISQUEUE_ADMIN").build(),
          User.withUsername("ops").password("{noop}ops").roles("OPS").build(),
          User.withUsername("dev").password("{noop}dev").roles("DEV").build());
    }
  }
}

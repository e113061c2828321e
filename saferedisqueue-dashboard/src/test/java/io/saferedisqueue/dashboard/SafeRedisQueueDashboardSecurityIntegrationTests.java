package io.saferedisqueue.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * With Spring Security, the dashboard's path is restricted like any other (the README's example:
 * role OPS, here also the write role), and its writes need the CSRF token, which the page carries
 * in its meta elements.
 */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueDashboardSecurityIntegrationTests {

  private static final Pattern META =
      Pattern.compile("<meta name=\"(_csrf(?:_header)?)\" content=\"([^\"]+)\">");

  private final String queueName = "dash-sec-" + UUID.randomUUID().toString().substring(0, 8);
  private final WebApplicationContextRunner runner;

  SafeRedisQueueDashboardSecurityIntegrationTests(RedisTestServer redis) {
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
                "saferedisqueue.autoclean-job-enabled=false",
                "saferedisqueue.dashboard.enabled=true",
                "saferedisqueue.dashboard.read-only=false",
                "saferedisqueue.dashboard.write-role=OPS",
                "saferedisqueue.dashboard.sample-interval=1h",
                "saferedisqueue.dashboard.history=1h")
            .withUserConfiguration(Security.class);
  }

  @Test
  void onlyTheRoleSeesTheDashboardAndWritesNeedTheCsrfTokenOfThePage() {
    runner.run(
        context -> {
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
          queue.push("item");
          queue.deadLetter(queue.tryPop().orElseThrow().uid(), "test");
          MockMvc mvc =
              MockMvcBuilders.webAppContextSetup(context)
                  .apply(SecurityMockMvcConfigurers.springSecurity())
                  .build();

          assertThat(status(mvc.perform(get("/saferedisqueue")).andReturn().getResponse()))
              .isEqualTo(401);
          assertThat(
                  status(
                      mvc.perform(get("/saferedisqueue/api/overview").with(httpBasic("dev", "dev")))
                          .andReturn()
                          .getResponse()))
              .isEqualTo(403);

          MockHttpSession session = new MockHttpSession();
          MockHttpServletResponse page =
              mvc.perform(get("/saferedisqueue").session(session).with(httpBasic("ops", "ops")))
                  .andReturn()
                  .getResponse();
          assertThat(page.getStatus()).isEqualTo(200);
          String header = null;
          String token = null;
          Matcher meta = META.matcher(page.getContentAsString(StandardCharsets.UTF_8));
          while (meta.find()) {
            if (meta.group(1).equals("_csrf_header")) {
              header = meta.group(2);
            } else {
              token = meta.group(2);
            }
          }
          assertThat(header).isEqualTo("X-CSRF-TOKEN");
          assertThat(token).isNotBlank();

          String requeueAll = "/saferedisqueue/api/queue/dead/requeue-all?name=" + queueName;
          MockHttpServletResponse withoutToken =
              mvc.perform(
                      post(requeueAll)
                          .session(session)
                          .with(httpBasic("ops", "ops"))
                          .header(DashboardApi.WRITE_HEADER, "1"))
                  .andReturn()
                  .getResponse();
          assertThat(withoutToken.getStatus()).isEqualTo(403);
          assertThat(queue.deadLetters().count()).isEqualTo(1);

          MockHttpServletResponse withToken =
              mvc.perform(
                      post(requeueAll)
                          .session(session)
                          .with(httpBasic("ops", "ops"))
                          .header(DashboardApi.WRITE_HEADER, "1")
                          .header(header, token))
                  .andReturn()
                  .getResponse();
          assertThat(withToken.getStatus()).as(withToken.getContentAsString()).isEqualTo(200);
          assertThat(queue.deadLetters().count()).isZero();
        });
  }

  private static int status(MockHttpServletResponse response) {
    return response.getStatus();
  }

  /** The README's example: the dashboard's path for role OPS only, everything else as before. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebSecurity
  static class Security {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(
              requests ->
                  requests
                      .requestMatchers("/saferedisqueue", "/saferedisqueue/**")
                      .hasRole("OPS")
                      .anyRequest()
                      .permitAll())
          .httpBasic(Customizer.withDefaults())
          .build();
    }

    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("ops").password("{noop}ops").roles("OPS").build(),
          User.withUsername("dev").password("{noop}dev").roles("DEV").build());
    }
  }
}

package io.saferedisqueue.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.actuate.web.WebMvcEndpointManagementContextConfiguration;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The endpoint over Spring MVC, on a real Redis: a 400 for an unknown queue, listener or action has
 * a body whose message names the unknown value and the known ones (Actuator's 400 alone carries
 * none: Spring Boot's error page hides the reason).
 */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueEndpointWebIntegrationTests {

  private final String used = "ep-web-" + UUID.randomUUID().toString().substring(0, 8);
  private final JsonMapper json = JsonMapper.builder().build();
  private final WebApplicationContextRunner runner;

  SafeRedisQueueEndpointWebIntegrationTests(RedisTestServer redis) {
    this.runner =
        new WebApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    DataRedisAutoConfiguration.class,
                    SafeRedisQueueAutoConfiguration.class,
                    SafeQueueListenerAutoConfiguration.class,
                    SafeRedisQueueEndpointAutoConfiguration.class,
                    JacksonAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class,
                    DispatcherServletAutoConfiguration.class,
                    WebMvcAutoConfiguration.class,
                    EndpointAutoConfiguration.class,
                    WebEndpointAutoConfiguration.class,
                    ManagementContextAutoConfiguration.class,
                    WebMvcEndpointManagementContextConfiguration.class))
            .withPropertyValues(
                "spring.data.redis.url=" + redis.url(),
                "saferedisqueue.autoclean-job-enabled=false",
                "management.endpoints.web.exposure.include=saferedisqueue");
  }

  @Test
  void theBadRequestOfAnUnknownQueueNamesItAndTheKnownQueues() {
    runner.run(
        context -> {
          context.getBean(SafeRedisQueueFactory.class).getQueue(used);
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();

          assertThat(status(mvc, get("/actuator/saferedisqueue"))).isEqualTo(200);
          JsonNode read = badRequest(mvc, get("/actuator/saferedisqueue/queues/never-used"));
          assertThat(read.path("status").asInt()).isEqualTo(400);
          assertThat(read.path("path").asString())
              .isEqualTo("/actuator/saferedisqueue/queues/never-used");
          assertThat(read.path("message").asString())
              .contains("No queue named 'never-used'", "known queues: [", used);

          JsonNode write =
              badRequest(mvc, post("/actuator/saferedisqueue/queues/never-used/purge-dead"));
          assertThat(write.path("message").asString()).contains("'never-used'", used);
          JsonNode action =
              badRequest(mvc, post("/actuator/saferedisqueue/queues/" + used + "/drop"));
          assertThat(action.path("message").asString())
              .contains("'drop'", "use requeue-dead or purge-dead");
          JsonNode listener =
              badRequest(mvc, post("/actuator/saferedisqueue/listeners/nope/pause"));
          assertThat(listener.path("message").asString()).contains("No listener with id 'nope'");
        });
  }

  @Test
  void withoutSpringMvcTheEndpointStillStartsAndNoResolverIsThere() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
        .run(
            context -> {
              assertThat(context).hasSingleBean(SafeRedisQueueEndpoint.class);
              assertThat(context).doesNotHaveBean(BadEndpointRequestResolver.class);
            });
  }

  private static int status(
      MockMvc mvc, org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
    return mvc.perform(request).andReturn().getResponse().getStatus();
  }

  private JsonNode badRequest(
      MockMvc mvc, org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
    MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentType()).startsWith("application/json");
    String body = response.getContentAsString(StandardCharsets.UTF_8);
    assertThat(body).as("the body of the 400").isNotBlank();
    return json.readTree(body);
  }
}

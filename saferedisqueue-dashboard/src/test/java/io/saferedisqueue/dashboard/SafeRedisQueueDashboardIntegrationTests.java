package io.saferedisqueue.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's page and JSON endpoints over MockMvc, on a real Redis: what they show, what the
 * write actions do to the queues and listeners, and what they refuse.
 */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueDashboardIntegrationTests {

  private final String queueName = "dash-" + UUID.randomUUID().toString().substring(0, 8);
  private final String listened = "dash-listened-" + UUID.randomUUID().toString().substring(0, 8);
  private final JsonMapper json = JsonMapper.builder().build();
  private final RedisTestServer redis;
  private final WebApplicationContextRunner runner;
  private final List<SafeRedisQueue> outside = new ArrayList<>();

  SafeRedisQueueDashboardIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
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
                "test.queue=" + listened,
                "saferedisqueue.autoclean-job-enabled=false",
                "saferedisqueue.dashboard.enabled=true",
                "saferedisqueue.dashboard.read-only=false",
                "saferedisqueue.listener.poll-timeout=200ms",
                "saferedisqueue.listener.shutdown-timeout=2s",
                // The tests take their samples themselves.
                "saferedisqueue.dashboard.sample-interval=1h",
                "saferedisqueue.dashboard.history=1h")
            // Without Spring Security (a test dependency here): the writes are open once enabled.
            .withClassLoader(new FilteredClassLoader("org.springframework.security"))
            .withBean(Listener.class);
  }

  @AfterEach
  void closeOutsideQueues() {
    outside.forEach(SafeRedisQueue::close);
  }

  private static MockMvc mvc(AssertableWebApplicationContext context) {
    return MockMvcBuilders.webAppContextSetup(context).build();
  }

  private JsonNode read(MockMvc mvc, MockHttpServletRequestBuilder request, int status)
      throws Exception {
    MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
    assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
    return json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
  }

  private static MockHttpServletRequestBuilder write(String path) {
    return post(path)
        .header(DashboardApi.WRITE_HEADER, "1")
        .contentType(MediaType.APPLICATION_JSON);
  }

  @Test
  void aRefusedPasswordAnswersServiceUnavailableNamingIt() throws Exception {
    try (io.saferedisqueue.localredis.LocalRedisServer locked =
        io.saferedisqueue.localredis.LocalRedisServer.builder()
            .password("s3cret")
            .build()
            .start()) {
      runner
          .withPropertyValues(
              "spring.data.redis.url=redis://:wrong@127.0.0.1:" + locked.port() + "/0",
              "saferedisqueue.eviction-policy-check=off")
          .run(
              context -> {
                JsonNode error =
                    read(mvc(context), get("/saferedisqueue/api/queue?name=" + listened), 503);
                assertThat(error.toString()).contains("WRONGPASS", "refused the credentials");
              });
    }
  }

  @Test
  void thePageAndItsFilesAreServedWithAPolicyAgainstInlineScripts() {
    runner.run(
        context -> {
          MockMvc mvc = mvc(context);
          for (String path : List.of("/saferedisqueue", "/saferedisqueue/")) {
            MockHttpServletResponse page = mvc.perform(get(path)).andReturn().getResponse();
            assertThat(page.getStatus()).isEqualTo(200);
            assertThat(page.getContentType()).startsWith("text/html");
            assertThat(page.getHeader("Content-Security-Policy"))
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
            assertThat(page.getHeader("Cache-Control")).isEqualTo("no-store");
            String html = page.getContentAsString(StandardCharsets.UTF_8);
            assertThat(html)
                .contains("<meta name=\"srq-base\" content=\"/saferedisqueue\">")
                .contains("<meta name=\"srq-read-only\" content=\"false\">")
                .containsPattern("src=\"/saferedisqueue/dashboard.js\\?v=[0-9a-f]{12}\"")
                .doesNotContain("{{")
                .doesNotContain("_csrf");
          }
          MockHttpServletResponse script =
              mvc.perform(get("/saferedisqueue/dashboard.js")).andReturn().getResponse();
          assertThat(script.getStatus()).isEqualTo(200);
          assertThat(script.getContentType()).startsWith("text/javascript");
          assertThat(script.getContentAsString())
              .contains("textContent")
              .doesNotContain("innerHTML");
          assertThat(mvc.perform(get("/saferedisqueue/dashboard.css")).andReturn().getResponse())
              .satisfies(css -> assertThat(css.getContentType()).startsWith("text/css"));
        });
  }

  @Test
  void overviewShowsTheSampledQueuesWithTheirHistory() {
    runner.run(
        context -> {
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
          queue.pushAll(List.of("a".getBytes(), "b".getBytes(), "c".getBytes()));
          queue.tryPop().orElseThrow();
          DashboardSampler sampler = context.getBean(DashboardSampler.class);
          sampler.sample();
          sampler.sample();

          JsonNode overview = read(mvc(context), get("/saferedisqueue/api/overview"), 200);

          assertThat(overview.path("readOnly").asBoolean()).isFalse();
          assertThat(overview.path("redis").asString()).startsWith("redis://");
          assertThat(overview.path("sampleIntervalMillis").asLong()).isEqualTo(3_600_000);
          JsonNode row = null;
          for (JsonNode candidate : overview.path("queues")) {
            if (candidate.path("name").asString().equals(queueName)) {
              row = candidate;
            }
          }
          assertThat(row).as("queue %s in %s", queueName, overview).isNotNull();
          assertThat(row.path("application").asBoolean()).isTrue();
          assertThat(row.path("waiting").asLong()).isEqualTo(2);
          assertThat(row.path("inFlight").asLong()).isEqualTo(1);
          assertThat(row.path("ackbuf").asLong()).isEqualTo(1);
          assertThat(row.path("dead").asLong()).isZero();
          JsonNode samples = overview.path("history").path(queueName);
          assertThat(samples.size()).isGreaterThanOrEqualTo(2);
          assertThat(samples.get(0).get(1).asLong()).isEqualTo(2); // waiting
          long last = samples.get(samples.size() - 1).get(0).asLong();
          JsonNode newer =
              read(mvc(context), get("/saferedisqueue/api/overview?since=" + last), 200);
          assertThat(newer.path("history").path(queueName).size()).isZero();
          JsonNode listener = overview.path("listeners").get(0);
          assertThat(listener.path("id").asString()).isEqualTo("dashboard-listener");
          assertThat(listener.path("queue").asString()).isEqualTo(listened);
          assertThat(listener.path("state").asString()).isEqualTo("running");
        });
  }

  @Test
  void theDefaultQueueIsListedOnlyOnceItIsUsed() {
    String defaultQueue = "dash-default-" + UUID.randomUUID().toString().substring(0, 8);
    runner
        .withPropertyValues("saferedisqueue.name=" + defaultQueue)
        .run(
            context -> {
              SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
              assertThat(queue.name()).isEqualTo(defaultQueue);
              context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
              DashboardSampler sampler = context.getBean(DashboardSampler.class);
              sampler.sample();
              assertThat(listedQueues(context)).contains(queueName).doesNotContain(defaultQueue);

              queue.push("item");
              sampler.sample();
              assertThat(listedQueues(context)).contains(queueName, defaultQueue);

              // Used once, listed from then on, empty or not.
              queue.ack(queue.pop(-1).orElseThrow().uid());
              sampler.sample();
              assertThat(listedQueues(context)).contains(defaultQueue);
            });
  }

  @Test
  void theDefaultQueueWithAListenerIsListed() {
    runner
        .withPropertyValues("saferedisqueue.name=" + listened)
        .run(
            context -> {
              context.getBean(DashboardSampler.class).sample();
              assertThat(listedQueues(context)).contains(listened);
            });
  }

  @Test
  void theQueuePageLabelsTheQueuesLimitAndTheListenersLimitApart() {
    runner.run(
        context -> {
          context.getBean(DashboardSampler.class).sample();
          JsonNode details =
              read(mvc(context), get("/saferedisqueue/api/queue?name=" + listened), 200);
          assertThat(details.path("maxDeliveries").asInt()).isZero();
          assertThat(details.path("listeners").get(0).path("maxDeliveries").asInt()).isEqualTo(5);
          assertThat(details.path("deliveryLimits").asString())
              .isEqualTo(
                  "listener dashboard-listener: dead letter after 5 deliveries · queue's own limit"
                      + " (pop and fail outside listeners): no delivery limit");

          context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
          JsonNode unlistened =
              read(mvc(context), get("/saferedisqueue/api/queue?name=" + queueName), 200);
          assertThat(unlistened.path("deliveryLimits").asString())
              .isEqualTo("queue: no delivery limit");
        });
  }

  private List<String> listedQueues(AssertableWebApplicationContext context) throws Exception {
    JsonNode overview = read(mvc(context), get("/saferedisqueue/api/overview"), 200);
    List<String> names = new ArrayList<>();
    overview.path("queues").forEach(queue -> names.add(queue.path("name").asString()));
    return names;
  }

  @Test
  void queuePageListsDeadLettersInFlightAndDelayedItems() {
    runner.run(
        context -> {
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
          queue.push("<script>window.hacked = 1</script>" + "x".repeat(1000));
          queue.push("in flight");
          queue.push("later".getBytes(), Duration.ofHours(1));
          String dead = queue.tryPop().orElseThrow().uid();
          queue.deadLetter(dead, "IllegalStateException: broken");
          String flying = queue.tryPop().orElseThrow().uid();
          MockMvc mvc = mvc(context);

          JsonNode details = read(mvc, get("/saferedisqueue/api/queue?name=" + queueName), 200);
          assertThat(details.path("queue").path("dead").asLong()).isEqualTo(1);
          assertThat(details.path("queue").path("inFlight").asLong()).isEqualTo(1);
          assertThat(details.path("actions").asBoolean()).isTrue();
          assertThat(details.path("maxDeliveries").asInt()).isZero();
          assertThat(details.path("autocleanIntervalMillis").asLong()).isEqualTo(60_000);

          JsonNode deadPage =
              read(mvc, get("/saferedisqueue/api/queue/dead?name=" + queueName), 200);
          assertThat(deadPage.path("total").asLong()).isEqualTo(1);
          JsonNode letter = deadPage.path("items").get(0);
          assertThat(letter.path("uid").asString()).isEqualTo(dead);
          assertThat(letter.path("reason").asString()).isEqualTo("IllegalStateException: broken");
          assertThat(letter.path("deliveries").asInt()).isEqualTo(1);
          JsonNode payload = letter.path("payload");
          assertThat(payload.path("text").asString())
              .startsWith("<script>window.hacked = 1</script>")
              .hasSize(DashboardApi.PREVIEW_BYTES);
          assertThat(payload.path("size").asLong()).isEqualTo(1034);
          assertThat(payload.path("truncated").asBoolean()).isTrue();

          JsonNode inFlight =
              read(mvc, get("/saferedisqueue/api/queue/in-flight?name=" + queueName), 200);
          JsonNode item = inFlight.path("items").get(0);
          assertThat(item.path("uid").asString()).isEqualTo(flying);
          assertThat(item.path("generation").asString()).isEqualTo("ackbuf");
          assertThat(item.path("deliveries").asInt()).isEqualTo(1);
          assertThat(item.path("payload").path("text").asString()).isEqualTo("in flight");

          JsonNode delayed =
              read(
                  mvc,
                  get("/saferedisqueue/api/queue/delayed?name=" + queueName + "&limit=1"),
                  200);
          assertThat(delayed.path("total").asLong()).isEqualTo(1);
          assertThat(delayed.path("items").get(0).path("dueInMillis").asLong())
              .isBetween(3_500_000L, 3_600_000L);

          read(mvc, get("/saferedisqueue/api/queue/dead?name=" + queueName + "&limit=101"), 400);
          read(mvc, get("/saferedisqueue/api/queue/dead?name=" + queueName + "&offset=x"), 400);
          read(mvc, get("/saferedisqueue/api/queue/dead"), 400);
          JsonNode unknown = read(mvc, get("/saferedisqueue/api/queue?name=nope"), 404);
          assertThat(unknown.path("error").asString()).contains("No queue named 'nope'");
        });
  }

  @Test
  void deadLettersAreRequeuedAndDeletedOneOrAll() {
    runner.run(
        context -> {
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
          List<String> dead = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            queue.push("item " + i);
            String uid = queue.tryPop().orElseThrow().uid();
            queue.deadLetter(uid, "test");
            dead.add(uid);
          }
          MockMvc mvc = mvc(context);
          String base = "/saferedisqueue/api/queue/dead/";

          JsonNode requeued =
              read(
                  mvc,
                  write(base + "requeue?name=" + queueName)
                      .content("{\"uids\":[\"" + dead.get(0) + "\"]}"),
                  200);
          assertThat(requeued.path("count").asLong()).isEqualTo(1);
          assertThat(requeued.path("deadRemaining").asLong()).isEqualTo(3);
          assertThat(queue.admin().sizes().waiting()).isEqualTo(1);

          JsonNode deleted =
              read(
                  mvc,
                  write(base + "delete?name=" + queueName)
                      .content("{\"uids\":[\"" + dead.get(1) + "\"]}"),
                  200);
          assertThat(deleted.path("count").asLong()).isEqualTo(1);
          assertThat(queue.deadLetters().count()).isEqualTo(2);

          read(mvc, write(base + "requeue?name=" + queueName).content("{\"uids\":[]}"), 400);
          read(mvc, write(base + "requeue?name=" + queueName).content("not json"), 400);

          assertThat(
                  read(mvc, write(base + "requeue-all?name=" + queueName), 200)
                      .path("count")
                      .asLong())
              .isEqualTo(2);
          assertThat(queue.deadLetters().count()).isZero();
          queue.push("again");
          queue.deadLetter(queue.tryPop().orElseThrow().uid(), "again");
          assertThat(
                  read(mvc, write(base + "delete-all?name=" + queueName), 200)
                      .path("count")
                      .asLong())
              .isEqualTo(1);
          assertThat(queue.deadLetters().count()).isZero();
        });
  }

  @Test
  void writesWithoutTheDashboardHeaderOrAsGetAreRefused() {
    runner.run(
        context -> {
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
          queue.push("item");
          queue.deadLetter(queue.tryPop().orElseThrow().uid(), "test");
          MockMvc mvc = mvc(context);

          JsonNode refused =
              read(mvc, post("/saferedisqueue/api/queue/dead/requeue-all?name=" + queueName), 403);
          assertThat(refused.path("error").asString()).contains(DashboardApi.WRITE_HEADER);
          assertThat(
                  mvc.perform(get("/saferedisqueue/api/queue/dead/requeue-all?name=" + queueName))
                      .andReturn()
                      .getResponse()
                      .getStatus())
              .isIn(404, 405);
          assertThat(queue.deadLetters().count()).isEqualTo(1);
        });
  }

  @Test
  void listenersArePausedAndResumed() {
    runner.run(
        context -> {
          MockMvc mvc = mvc(context);
          SafeQueueListenerEndpointRegistry registry =
              context.getBean(SafeQueueListenerEndpointRegistry.class);

          JsonNode paused =
              read(mvc, write("/saferedisqueue/api/listener/pause?id=dashboard-listener"), 200);
          assertThat(paused.path("state").asString()).isEqualTo("paused");
          assertThat(registry.getListenerContainer("dashboard-listener").isPaused()).isTrue();

          JsonNode resumed =
              read(mvc, write("/saferedisqueue/api/listener/resume?id=dashboard-listener"), 200);
          assertThat(resumed.path("state").asString()).isEqualTo("running");
          assertThat(registry.getListenerContainer("dashboard-listener").isPaused()).isFalse();

          read(mvc, write("/saferedisqueue/api/listener/pause?id=nope"), 404);
        });
  }

  @Test
  void queuesFoundInRedisAreShownButNotActedOn() {
    runner.run(
        context -> {
          String python = "dash-python-" + UUID.randomUUID().toString().substring(0, 8);
          SafeRedisQueue elsewhere = SafeRedisQueue.builder(redis.url()).name(python).build();
          outside.add(elsewhere);
          elsewhere.pushAll(List.of("1".getBytes(), "2".getBytes()));
          DashboardSampler sampler = context.getBean(DashboardSampler.class);
          sampler.discoverNow();
          sampler.sample();
          sampler.sample();
          MockMvc mvc = mvc(context);

          JsonNode overview = read(mvc, get("/saferedisqueue/api/overview"), 200);
          JsonNode found = null;
          for (JsonNode queue : overview.path("queues")) {
            if (queue.path("name").asString().equals(python)) {
              found = queue;
            }
          }
          assertThat(found).as("%s in %s", python, overview).isNotNull();
          assertThat(found.path("application").asBoolean()).isFalse();
          assertThat(found.path("waiting").asLong()).isEqualTo(2);
          assertThat(context.getBean(SafeRedisQueueFactory.class).getQueues())
              .extracting(SafeRedisQueue::name)
              .doesNotContain(python);

          JsonNode details = read(mvc, get("/saferedisqueue/api/queue?name=" + python), 200);
          assertThat(details.path("actions").asBoolean()).isFalse();
          assertThat(details.path("queue").path("waiting").asLong()).isEqualTo(2);
          read(mvc, get("/saferedisqueue/api/queue/in-flight?name=" + python), 200);
          JsonNode refused =
              read(mvc, write("/saferedisqueue/api/queue/dead/requeue-all?name=" + python), 404);
          assertThat(refused.path("error").asString()).contains("not used by this application");
        });
  }

  @Test
  void aReadOnlyDashboardHasNoActionsAndRefusesWrites() {
    runner
        .withPropertyValues("saferedisqueue.dashboard.read-only=true")
        .run(
            context -> {
              SafeRedisQueue queue =
                  context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
              queue.push("item");
              queue.deadLetter(queue.tryPop().orElseThrow().uid(), "test");
              MockMvc mvc = mvc(context);

              String html =
                  mvc.perform(get("/saferedisqueue"))
                      .andReturn()
                      .getResponse()
                      .getContentAsString(StandardCharsets.UTF_8);
              assertThat(html).contains("<meta name=\"srq-read-only\" content=\"true\">");
              JsonNode details = read(mvc, get("/saferedisqueue/api/queue?name=" + queueName), 200);
              assertThat(details.path("readOnly").asBoolean()).isTrue();
              assertThat(details.path("actions").asBoolean()).isFalse();

              for (String path :
                  List.of(
                      "queue/dead/requeue-all?name=" + queueName,
                      "queue/dead/delete-all?name=" + queueName,
                      "listener/pause?id=dashboard-listener")) {
                JsonNode refused = read(mvc, write("/saferedisqueue/api/" + path), 403);
                assertThat(refused.path("error").asString()).contains("read-only");
              }
              assertThat(queue.deadLetters().count()).isEqualTo(1);
              assertThat(
                      context
                          .getBean(SafeQueueListenerEndpointRegistry.class)
                          .getListenerContainer("dashboard-listener")
                          .isPaused())
                  .isFalse();
            });
  }

  @Test
  void theDashboardMovesWithItsPath() {
    runner
        .withPropertyValues("saferedisqueue.dashboard.path=/ops/queues")
        .run(
            context -> {
              MockMvc mvc = mvc(context);
              assertThat(mvc.perform(get("/ops/queues")).andReturn().getResponse().getStatus())
                  .isEqualTo(200);
              read(mvc, get("/ops/queues/api/overview"), 200);
              assertThat(mvc.perform(get("/saferedisqueue")).andReturn().getResponse().getStatus())
                  .isEqualTo(404);
            });
  }

  static class Listener {
    @SafeQueueListener(id = "dashboard-listener", queue = "${test.queue}")
    void onItem(String item) {}
  }
}

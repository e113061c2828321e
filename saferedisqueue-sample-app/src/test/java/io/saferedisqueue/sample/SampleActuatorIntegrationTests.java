package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The demo's operations over HTTP: health with details, the queues' meters and the endpoint. */
@ExtendWith(RedisTestExtension.class)
class SampleActuatorIntegrationTests {

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private String base;

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthMetricsAndTheEndpointOverHttp(RedisTestServer redis) throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SampleApplication.class)
            .run(
                "--spring.data.redis.url=" + redis.url(),
                "--server.port=0",
                "--sample.demo-producer.count=3",
                "--saferedisqueue.metrics.sizes-time-to-live=100ms")) {
      base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
      OrderListener orders = context.getBean(OrderListener.class);
      await().atMost(Duration.ofSeconds(20)).until(() -> orders.processed().size() == 3);

      HttpResponse<String> health = get("/actuator/health");
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode contributor = json.readTree(health.body()).path("components").path("saferedisqueue");
      assertThat(contributor.path("status").asString()).isEqualTo("UP");
      assertThat(contributor.path("details").path("queues").has("orders")).isTrue();
      assertThat(contributor.path("details").path("queues").path("orders").has("dead")).isTrue();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> get("/actuator/metrics/saferedisqueue.listener").statusCode() == 200);
      HttpResponse<String> pushed =
          get("/actuator/metrics/saferedisqueue.items.pushed?tag=queue:orders");
      assertThat(pushed.statusCode()).isEqualTo(200);
      assertThat(json.readTree(pushed.body()).path("measurements").get(0).path("value").asDouble())
          .isEqualTo(3.0);
      assertThat(get("/actuator/metrics/saferedisqueue.queue.oldest.age").statusCode())
          .isEqualTo(200);

      HttpResponse<String> read = get("/actuator/saferedisqueue");
      assertThat(read.statusCode()).isEqualTo(200);
      JsonNode state = json.readTree(read.body());
      assertThat(state.path("queues").has("orders")).isTrue();
      String listenerId = null;
      for (var entry : state.path("listeners").properties()) {
        if (entry.getValue().path("queue").asString().equals("orders")) {
          listenerId = entry.getKey();
        }
      }
      assertThat(listenerId).isNotNull();

      HttpResponse<String> paused =
          post("/actuator/saferedisqueue/listeners/" + listenerId + "/pause");
      assertThat(paused.statusCode()).isEqualTo(200);
      assertThat(json.readTree(paused.body()).path("paused").asBoolean()).isTrue();
      HttpResponse<String> resumed =
          post("/actuator/saferedisqueue/listeners/" + listenerId + "/resume");
      assertThat(json.readTree(resumed.body()).path("paused").asBoolean()).isFalse();

      HttpResponse<String> purged = post("/actuator/saferedisqueue/queues/orders/purge-dead");
      assertThat(purged.statusCode()).isEqualTo(200);
      assertThat(json.readTree(purged.body()).path("deadRemaining").asLong()).isZero();

      HttpResponse<String> requeuedOne =
          post(
              "/actuator/saferedisqueue/queues/orders/requeue-dead/" + java.util.UUID.randomUUID());
      assertThat(requeuedOne.statusCode()).isEqualTo(200);
      assertThat(json.readTree(requeuedOne.body()).path("count").asLong()).isZero();

      assertThat(post("/actuator/saferedisqueue/queues/orders/drop").statusCode()).isEqualTo(400);
      assertThat(post("/actuator/saferedisqueue/listeners/nope/pause").statusCode()).isEqualTo(400);

      // The 400 for an unknown queue names it and the known queues, in its body.
      HttpResponse<String> unknown = get("/actuator/saferedisqueue/queues/ordres");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      JsonNode refused = json.readTree(unknown.body());
      assertThat(refused.path("status").asInt()).isEqualTo(400);
      assertThat(refused.path("message").asString())
          .contains("No queue named 'ordres'", "known queues: [", "orders", "greetings");
      assertThat(
              json.readTree(post("/actuator/saferedisqueue/listeners/nope/pause").body())
                  .path("message")
                  .asString())
          .contains("No listener with id 'nope'", listenerId);
    }
  }
}

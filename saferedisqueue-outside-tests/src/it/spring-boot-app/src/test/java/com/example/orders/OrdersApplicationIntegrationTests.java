package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.DeadLetter;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.localredis.LocalRedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Quick start application, built on the installed artifacts only, against a real redis-server:
 * it consumes, dead-letters a poison item, reports health and serves the dashboard it enables.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class OrdersApplicationIntegrationTests {

  private static final LocalRedisServer REDIS = LocalRedisServer.startDefault();

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort private int port;

  @Autowired private OrderListener listener;

  @Autowired
  @Qualifier("orders")
  private SafeRedisQueue orders;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.port", REDIS::port);
  }

  /**
   * Hands the server to the context, which closes it after its listeners have stopped (lifecycle
   * beans stop before singletons are destroyed), so the run ends without outage warnings.
   */
  @TestConfiguration(proxyBeanMethods = false)
  static class RedisServerConfiguration {
    @Bean(destroyMethod = "close")
    LocalRedisServer localRedisServer() {
      return REDIS;
    }
  }

  @Test
  void ordersPostedOverHttpAreConsumed() throws Exception {
    HttpResponse<String> first = post("/orders", "{\"id\":\"A-1\",\"quantity\":2}");
    HttpResponse<String> second = post("/orders", "{\"id\":\"A-2\",\"quantity\":1}");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(first.body()).as("the item's uid").isNotBlank().isNotEqualTo(second.body());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(listener.shipped()).contains(new Order("A-1", 2), new Order("A-2", 1)));
  }

  @Test
  void aPoisonOrderEndsAsADeadLetterAfterMaxDeliveries() throws Exception {
    String uid = orders.pushValue(new Order("P-0", 0));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> orders.deadLetters().list(0, 10), letters -> !letters.isEmpty());
    List<DeadLetter> letters = orders.deadLetters().list(0, 10);
    assertThat(letters).hasSize(1);
    DeadLetter letter = letters.get(0);
    assertThat(letter.uid()).isEqualTo(uid);
    assertThat(letter.deliveries()).as("max-deliveries of the queue orders").isEqualTo(5);
    assertThat(letter.reason()).contains("Order P-0 has no quantity");
    assertThat(letter.payloadAsString()).contains("\"P-0\"");
    assertThat(listener.shipped()).extracting(Order::id).doesNotContain("P-0");
  }

  @Test
  void healthIsUp() throws Exception {
    HttpResponse<String> health = get("/actuator/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void theEndpointIsExposedAndNamesTheQueue() throws Exception {
    HttpResponse<String> endpoint = get("/actuator/saferedisqueue");

    assertThat(endpoint.statusCode()).isEqualTo(200);
    assertThat(endpoint.body()).contains("orders");
  }

  @Test
  void theDashboardIsServedOnceEnabled() throws Exception {
    HttpResponse<String> page = get("/saferedisqueue");
    HttpResponse<String> overview = get("/saferedisqueue/api/overview");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body()).contains("orders");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}

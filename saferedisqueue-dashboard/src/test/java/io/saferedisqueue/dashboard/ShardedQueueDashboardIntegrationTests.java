package io.saferedisqueue.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.core.shard.SafeRedisQueueShards;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard's overview lists every shard of a sharded queue as a queue, and the total. */
@ExtendWith(RedisTestExtension.class)
class ShardedQueueDashboardIntegrationTests {

  private final String name = "dash-sharded-" + UUID.randomUUID().toString().substring(0, 8);
  private final WebApplicationContextRunner runner;

  ShardedQueueDashboardIntegrationTests(RedisTestServer redis) {
    this.runner =
        new WebApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    DataRedisAutoConfiguration.class,
                    SafeRedisQueueAutoConfiguration.class,
                    SafeRedisQueueDashboardAutoConfiguration.class,
                    JacksonAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class,
                    WebMvcAutoConfiguration.class))
            .withPropertyValues(
                "spring.data.redis.url=" + redis.url(),
                "saferedisqueue.queues." + name + ".shards=3",
                "saferedisqueue.autoclean-job-enabled=false",
                "saferedisqueue.dashboard.enabled=true",
                "saferedisqueue.dashboard.sample-interval=1h",
                "saferedisqueue.dashboard.history=1h",
                "saferedisqueue.dashboard.discover-queues=false");
  }

  @Test
  void theOverviewShowsEachShardAndTheShardedTotal() {
    runner.run(
        context -> {
          SafeRedisQueueShards queue = context.getBean(name, SafeRedisQueueShards.class);
          for (int i = 0; i < 5; i++) {
            queue.push("item-" + i);
          }
          context.getBean(DashboardSampler.class).sample();
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
          MockHttpServletResponse response =
              mvc.perform(get("/saferedisqueue/api/overview")).andReturn().getResponse();
          assertThat(response.getStatus()).isEqualTo(200);
          JsonNode overview =
              JsonMapper.builder()
                  .build()
                  .readTree(response.getContentAsString(StandardCharsets.UTF_8));
          List<String> queueNames = new ArrayList<>();
          overview.get("queues").forEach(node -> queueNames.add(node.get("name").asString()));
          assertThat(queueNames)
              .contains("{" + name + "-0}", "{" + name + "-1}", "{" + name + "-2}");
          JsonNode sharded = overview.get("sharded").get(0);
          assertThat(sharded.get("name").asString()).isEqualTo(name);
          assertThat(sharded.get("shards")).hasSize(3);
          assertThat(sharded.get("waiting").asLong()).isEqualTo(5);
        });
  }
}

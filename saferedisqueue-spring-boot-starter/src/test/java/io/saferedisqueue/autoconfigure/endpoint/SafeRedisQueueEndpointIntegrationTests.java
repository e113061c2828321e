package io.saferedisqueue.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpoint.DeadLettersActionDescriptor;
import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpoint.ListenerDescriptor;
import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpoint.QueueDescriptor;
import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpoint.QueueDetailsDescriptor;
import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpoint.SafeRedisQueueDescriptor;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/** The endpoint's operations act on the real state of queues and listeners. */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueEndpointIntegrationTests {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private final String listened = "ep-listened-" + UUID.randomUUID().toString().substring(0, 8);
  private final String other = "ep-other-" + UUID.randomUUID().toString().substring(0, 8);
  private final ApplicationContextRunner runner;

  SafeRedisQueueEndpointIntegrationTests(RedisTestServer redis) {
    this.runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    DataRedisAutoConfiguration.class,
                    SafeRedisQueueAutoConfiguration.class,
                    SafeQueueListenerAutoConfiguration.class,
                    SafeRedisQueueEndpointAutoConfiguration.class))
            .withPropertyValues(
                "spring.data.redis.url=" + redis.url(),
                "test.queue=" + listened,
                "saferedisqueue.listener.poll-timeout=200ms",
                "saferedisqueue.listener.shutdown-timeout=2s",
                "management.endpoints.web.exposure.include=saferedisqueue")
            .withBean(Listener.class);
  }

  @Test
  void readShowsEveryQueueAndListener() {
    runner.run(
        context -> {
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(other);
          queue.pushAll(List.of("a".getBytes(), "b".getBytes()));
          SafeRedisQueueEndpoint endpoint = context.getBean(SafeRedisQueueEndpoint.class);

          SafeRedisQueueDescriptor all = endpoint.saferedisqueue();
          assertThat(all.redis()).startsWith("redis://");
          assertThat(all.queues()).containsKeys("0", listened, other);
          QueueDescriptor described = all.queues().get(other);
          assertThat(described.waiting()).isEqualTo(2);
          assertThat(described.inFlight()).isZero();
          assertThat(described.dead()).isZero();
          assertThat(described.autocleanInterval()).isEqualTo("PT1M");
          assertThat(described.error()).isNull();
          ListenerDescriptor listener = all.listeners().get("endpoint-listener");
          assertThat(listener.queue()).isEqualTo(listened);
          assertThat(listener.running()).isTrue();
          assertThat(listener.paused()).isFalse();
          assertThat(listener.concurrency()).isEqualTo(2);
          assertThat(listener.activeHandlers()).isZero();

          String json = JsonMapper.builder().build().writeValueAsString(all);
          assertThat(json)
              .contains("\"endpoint-listener\":{\"queue\":\"" + listened + "\",\"running\":true");

          assertThat(endpoint.item("listeners", "endpoint-listener")).isEqualTo(listener);
        });
  }

  @Test
  void pauseStopsDeliveryAndResumeContinues() {
    runner.run(
        context -> {
          SafeRedisQueueEndpoint endpoint = context.getBean(SafeRedisQueueEndpoint.class);
          Listener listener = context.getBean(Listener.class);
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(listened);

          ListenerDescriptor paused =
              (ListenerDescriptor) endpoint.act("listeners", "endpoint-listener", "pause");
          assertThat(paused.paused()).isTrue();
          assertThat(paused.running()).isTrue();
          Thread.sleep(500); // blocked consumers notice within the poll timeout
          queue.push("while paused");
          Thread.sleep(1000);
          assertThat(listener.received).isEmpty();
          assertThat(queue.admin().sizes().waiting()).isEqualTo(1);

          ListenerDescriptor resumed =
              (ListenerDescriptor) endpoint.act("listeners", "endpoint-listener", "resume");
          assertThat(resumed.paused()).isFalse();
          await().atMost(PATIENCE).until(() -> listener.received.contains("while paused"));
        });
  }

  @Test
  void requeueBringsDeadLettersBackAndPurgeDeletesThem() {
    runner.run(
        context -> {
          SafeRedisQueueEndpoint endpoint = context.getBean(SafeRedisQueueEndpoint.class);
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(other);
          List<String> dead = List.of(deadLetter(queue, "d1"), deadLetter(queue, "d2"));
          deadLetter(queue, "d3");
          deadLetter(queue, "d4");

          QueueDetailsDescriptor details = (QueueDetailsDescriptor) endpoint.item("queues", other);
          assertThat(details.queue().dead()).isEqualTo(4);
          assertThat(details.deadLetters())
              .extracting(SafeRedisQueueEndpoint.DeadLetterDescriptor::uid)
              .startsWith(dead.get(0), dead.get(1));
          assertThat(details.deadLetters().get(0).reason()).isEqualTo("test");
          assertThat(details.deadLetters().get(0).payloadBytes()).isEqualTo(2);

          DeadLettersActionDescriptor one =
              endpoint.actOnOne("queues", other, "requeue-dead", dead.get(0));
          assertThat(one.count()).isEqualTo(1);
          assertThat(one.uid()).isEqualTo(dead.get(0));
          assertThat(one.deadRemaining()).isEqualTo(3);
          assertThat(queue.pop(-1).orElseThrow().payloadAsString()).isEqualTo("d1");

          DeadLettersActionDescriptor purgedOne =
              endpoint.actOnOne("queues", other, "purge-dead", dead.get(1));
          assertThat(purgedOne.count()).isEqualTo(1);
          assertThat(queue.deadLetters().count()).isEqualTo(2);

          DeadLettersActionDescriptor all =
              (DeadLettersActionDescriptor) endpoint.act("queues", other, "requeue-dead");
          assertThat(all.count()).isEqualTo(2);
          assertThat(all.uid()).isNull();
          assertThat(queue.admin().sizes().waiting()).isEqualTo(2);

          deadLetter(queue, "d5");
          deadLetter(queue, "d6");
          DeadLettersActionDescriptor purged =
              (DeadLettersActionDescriptor) endpoint.act("queues", other, "purge-dead");
          assertThat(purged.count()).isGreaterThanOrEqualTo(2);
          assertThat(queue.deadLetters().count()).isZero();
        });
  }

  @Test
  void unknownNamesAndActionsAreRejectedNamingWhatIsKnown() {
    runner.run(
        context -> {
          SafeRedisQueueEndpoint endpoint = context.getBean(SafeRedisQueueEndpoint.class);
          assertThatExceptionOfType(InvalidEndpointRequestException.class)
              .isThrownBy(() -> endpoint.act("listeners", "nope", "pause"))
              .withMessageContaining("No listener with id 'nope'")
              .withMessageContaining("endpoint-listener");
          assertThatExceptionOfType(InvalidEndpointRequestException.class)
              .isThrownBy(() -> endpoint.act("queues", "never-used", "purge-dead"))
              .withMessageContaining("No queue named 'never-used'")
              .withMessageContaining(listened);
          assertThat(context.getBean(SafeRedisQueueFactory.class).getQueues())
              .extracting(SafeRedisQueue::name)
              .doesNotContain("never-used");
          assertThatExceptionOfType(InvalidEndpointRequestException.class)
              .isThrownBy(() -> endpoint.act("listeners", "endpoint-listener", "stop"))
              .withMessageContaining("use pause or resume");
          assertThatExceptionOfType(InvalidEndpointRequestException.class)
              .isThrownBy(() -> endpoint.act("queues", listened, "drop"))
              .withMessageContaining("use requeue-dead or purge-dead");
          assertThatExceptionOfType(InvalidEndpointRequestException.class)
              .isThrownBy(() -> endpoint.actOnOne("listeners", "endpoint-listener", "pause", "x"))
              .withMessageContaining("Only queues");
          assertThatExceptionOfType(InvalidEndpointRequestException.class)
              .isThrownBy(() -> endpoint.item("things", "x"))
              .withMessageContaining("use queues or listeners");
        });
  }

  private static String deadLetter(SafeRedisQueue queue, String payload) {
    String uid = queue.push(payload);
    while (!queue.pop(-1).orElseThrow().uid().equals(uid)) {
      // an item requeued earlier came first: it stays in flight
    }
    queue.deadLetter(uid, "test");
    // Dead letters are ordered by the millisecond they died in, then by uid: one millisecond of the
    // Redis clock apart, so that "oldest first" decides the order the test reads.
    Instant diedBy = queue.admin().deadLetterPage(0, 1, 0).redisTime();
    while (!queue.admin().deadLetterPage(0, 1, 0).redisTime().isAfter(diedBy)) {
      Thread.onSpinWait();
    }
    return uid;
  }

  /** A listener the endpoint pauses and resumes. */
  static class Listener {
    final List<String> received = new CopyOnWriteArrayList<>();

    @SafeQueueListener(id = "endpoint-listener", queue = "${test.queue}", concurrency = "2")
    void onItem(String item) {
      received.add(item);
    }
  }
}

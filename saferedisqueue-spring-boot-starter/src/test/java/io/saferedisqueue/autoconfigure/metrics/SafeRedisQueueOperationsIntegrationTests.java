package io.saferedisqueue.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.autoconfigure.observation.SafeRedisQueueObservationAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Through Spring Boot's own metrics, observation and Brave tracing auto-configurations against a
 * real Redis: counters, gauges, the listener timer, and the trace from push to listener.
 */
@ExtendWith(RedisTestExtension.class)
class SafeRedisQueueOperationsIntegrationTests {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private final String queueName = "ops-" + UUID.randomUUID().toString().substring(0, 8);
  private final ApplicationContextRunner runner;

  private static RedisInspector inspector;

  SafeRedisQueueOperationsIntegrationTests(RedisTestServer redis) {
    this.runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    DataRedisAutoConfiguration.class,
                    SafeRedisQueueAutoConfiguration.class,
                    SafeQueueListenerAutoConfiguration.class,
                    ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    SafeRedisQueueMetricsAutoConfiguration.class,
                    SafeRedisQueueObservationAutoConfiguration.class))
            .withPropertyValues(
                "spring.data.redis.url=" + redis.url(),
                "test.queue=" + queueName,
                "saferedisqueue.listener.poll-timeout=200ms",
                "saferedisqueue.listener.shutdown-timeout=2s",
                "saferedisqueue.listener.max-deliveries=1",
                "saferedisqueue.metrics.sizes-time-to-live=100ms")
            .withBean(Listener.class);
  }

  @BeforeAll
  static void openInspector(RedisTestServer redis) {
    inspector = RedisInspector.connect(redis.url());
  }

  @AfterAll
  static void closeInspector() {
    inspector.close();
  }

  @Test
  void countersGaugesAndTheListenerTimerMoveAsItemsFlow() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          SafeRedisQueue queue = context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
          queue.push("good 1");
          queue.pushAll(List.of("good 2".getBytes(), "bad".getBytes()));
          Listener listener = context.getBean(Listener.class);
          await().atMost(PATIENCE).until(() -> listener.received.size() == 3);
          await()
              .atMost(PATIENCE)
              .until(() -> count(registry, "acked") == 2 && count(registry, "dead.lettered") == 1);

          assertThat(count(registry, "pushed")).isEqualTo(3);
          assertThat(count(registry, "delivered")).isEqualTo(3);
          assertThat(count(registry, "failed")).isZero();
          await().atMost(PATIENCE).until(() -> gauge(registry, "saferedisqueue.queue.dead") == 1);
          assertThat(gauge(registry, "saferedisqueue.queue.waiting")).isZero();
          assertThat(gauge(registry, "saferedisqueue.queue.in.flight")).isZero();
          assertThat(gauge(registry, "saferedisqueue.queue.oldest.age")).isZero();

          Timer success =
              registry
                  .get("saferedisqueue.listener")
                  .tag("queue", queueName)
                  .tag("listener.id", "ops-listener")
                  .tag("result", "success")
                  .tag("exception", "none")
                  .timer();
          assertThat(success.count()).isEqualTo(2);
          Timer failure =
              registry
                  .get("saferedisqueue.listener")
                  .tag("queue", queueName)
                  .tag("result", "failure")
                  .tag("exception", "IllegalStateException")
                  .timer();
          assertThat(failure.count()).isEqualTo(1);
          assertThat(registry.get("saferedisqueue.push").tag("queue", queueName).timer().count())
              .isEqualTo(2);
        });
  }

  @Test
  void theListenerContinuesTheTraceOfThePushWithSpringBootsTracing() {
    List<MutableSpan> spans = new CopyOnWriteArrayList<>();
    runner
        .withConfiguration(
            AutoConfigurations.of(
                BraveAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
        .withPropertyValues("management.tracing.sampling.probability=1.0")
        .withBean(
            SpanHandler.class,
            () ->
                new SpanHandler() {
                  @Override
                  public boolean end(TraceContext traceContext, MutableSpan span, Cause cause) {
                    spans.add(span);
                    return true;
                  }
                })
        .run(
            context -> {
              SafeRedisQueue queue =
                  context.getBean(SafeRedisQueueFactory.class).getQueue(queueName);
              String uid = queue.push("traced");
              Listener listener = context.getBean(Listener.class);
              await().atMost(PATIENCE).until(() -> listener.received.contains("traced"));
              await().atMost(PATIENCE).until(() -> named(spans, queueName + " receive") != null);
              MutableSpan push = named(spans, queueName + " send");
              MutableSpan receive = named(spans, queueName + " receive");
              assertThat(push).isNotNull();
              assertThat(receive.traceId()).isEqualTo(push.traceId());
              assertThat(receive.parentId()).isEqualTo(push.id());
              assertThat(receive.tag("saferedisqueue.item.uid")).isEqualTo(uid);
              await()
                  .atMost(PATIENCE)
                  .until(
                      () ->
                          !inspector.hasField(
                              SafeRedisQueueKeys.forName(queue.name()).headers(), uid));
            });
  }

  private static MutableSpan named(List<MutableSpan> spans, String name) {
    return spans.stream().filter(span -> name.equals(span.name())).findFirst().orElse(null);
  }

  private double count(MeterRegistry registry, String name) {
    return registry.get("saferedisqueue.items." + name).tag("queue", queueName).counter().count();
  }

  private double gauge(MeterRegistry registry, String name) {
    return registry.get(name).tag("queue", queueName).gauge().value();
  }

  /** A listener that fails for the payload "bad". */
  static class Listener {
    final List<String> received = new CopyOnWriteArrayList<>();

    @SafeQueueListener(id = "ops-listener", queue = "${test.queue}")
    void onItem(String item) {
      received.add(item);
      if (item.equals("bad")) {
        throw new IllegalStateException("bad item");
      }
    }
  }
}

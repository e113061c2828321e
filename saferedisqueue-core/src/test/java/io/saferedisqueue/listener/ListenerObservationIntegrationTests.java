package io.saferedisqueue.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.DefaultSafeRedisQueueFactory;
import io.saferedisqueue.core.RedisUrl;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import io.saferedisqueue.observation.SafeQueueListenerObservationContext;
import io.saferedisqueue.testsupport.RedisCommandCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The listener observation: a timer named saferedisqueue.listener, tagged with queue, listener id,
 * result and exception, when a meter handler is registered.
 */
@ExtendWith(RedisTestExtension.class)
class ListenerObservationIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final RedisTestServer redis;
  private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
  private final ObservationRegistry observationRegistry = ObservationRegistry.create();
  private final List<SafeQueueListenerContainer> containers = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private String name;
  private SafeRedisQueue queue;

  ListenerObservationIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void setUp() {
    observationRegistry
        .observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(meterRegistry));
    name = "observed-" + UUID.randomUUID().toString().substring(0, 8);
    queue = SafeRedisQueue.builder(redis.url()).name(name).build();
    closeables.add(queue);
  }

  @AfterEach
  void tearDown() throws Exception {
    containers.forEach(SafeQueueListenerContainer::stop);
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private SafeQueueListenerContainer start(SafeQueueListenerContainer container) {
    container.setPollTimeout(Duration.ofMillis(200));
    containers.add(container);
    container.start();
    return container;
  }

  private Timer timer(String result, String exception) {
    return meterRegistry
        .get("saferedisqueue.listener")
        .tag("queue", name)
        .tag("listener.id", "orders")
        .tag("result", result)
        .tag("exception", exception)
        .timer();
  }

  @Test
  void eachInvocationIsTimedWithItsResultAndException() {
    AtomicInteger calls = new AtomicInteger();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer(
            "orders",
            queue,
            item -> {
              calls.incrementAndGet();
              if (item.payloadAsString().startsWith("bad")) {
                throw new IllegalArgumentException("bad item");
              }
              Thread.sleep(20);
            });
    container.setObservationRegistry(observationRegistry);
    container.setMaxDeliveries(1);
    queue.push("good 1");
    queue.push("bad 1");
    queue.push("good 2");
    start(container);

    await().atMost(WAIT).until(() -> calls.get() == 3 && queue.admin().sizes().inFlight() == 0);
    await()
        .atMost(WAIT)
        .until(() -> meterRegistry.find("saferedisqueue.listener").timers().size() == 2);
    Timer success = timer("success", "none");
    assertThat(success.count()).isEqualTo(2);
    assertThat(success.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isGreaterThanOrEqualTo(40);
    assertThat(timer("failure", "IllegalArgumentException").count()).isEqualTo(1);
  }

  @Test
  void withoutTracingNoHeadersAreRead() {
    AtomicInteger calls = new AtomicInteger();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer("orders", queue, item -> calls.incrementAndGet());
    container.setObservationRegistry(observationRegistry);
    RedisInspector inspector = RedisInspector.connect(redis.url());
    closeables.add(inspector);
    long hmgetBefore = RedisCommandCalls.calls(inspector, "hmget");
    for (int i = 0; i < 20; i++) {
      queue.push("item " + i);
    }
    start(container);
    await().atMost(WAIT).until(() -> calls.get() == 20);
    assertThat(timer("success", "none").count()).isEqualTo(20);
    assertThat(RedisCommandCalls.calls(inspector, "hmget") - hmgetBefore).isZero();
  }

  @Test
  void theNoopRegistryObservesNothing() {
    AtomicInteger calls = new AtomicInteger();
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer("orders", queue, item -> calls.incrementAndGet());
    assertThat(container.getObservationRegistry()).isSameAs(ObservationRegistry.NOOP);
    queue.push("item");
    start(container);
    await().atMost(WAIT).until(() -> calls.get() == 1);
    assertThat(meterRegistry.find("saferedisqueue.listener").timers()).isEmpty();
  }

  @Test
  void theContainerFactoryHandsItsRegistryToItsContainers() throws Exception {
    TestObservationRegistry testRegistry = TestObservationRegistry.create();
    LettuceConnectionFactory connectionFactory =
        RedisUrl.parse(redis.url()).createConnectionFactory(Duration.ofSeconds(5));
    closeables.add(connectionFactory::destroy);
    DefaultSafeRedisQueueFactory queueFactory = new DefaultSafeRedisQueueFactory(connectionFactory);
    closeables.add(queueFactory);
    SafeQueueListenerContainerFactory factory = new SafeQueueListenerContainerFactory(queueFactory);
    factory.setObservationRegistry(testRegistry);
    factory.setPollTimeout(Duration.ofMillis(200));
    AtomicInteger calls = new AtomicInteger();
    SimpleSafeQueueListenerEndpoint endpoint =
        new SimpleSafeQueueListenerEndpoint("from-factory", name, item -> calls.incrementAndGet());
    SafeQueueListenerContainer container = factory.createListenerContainer(endpoint);
    assertThat(container.getObservationRegistry()).isSameAs(testRegistry);

    String uid = queue.push("x");
    start(container);
    await().atMost(WAIT).until(() -> calls.get() == 1);
    io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(testRegistry)
        .hasObservationWithNameEqualTo("saferedisqueue.listener")
        .that()
        .hasContextualNameEqualTo(name + " receive")
        .hasLowCardinalityKeyValue("listener.id", "from-factory")
        .hasLowCardinalityKeyValue("queue", name)
        .hasHighCardinalityKeyValue("saferedisqueue.item.uid", uid)
        .isInstanceOfSatisfying(
            SafeQueueListenerObservationContext.class,
            context -> assertThat(context.getDeliveries()).isEqualTo(1));
  }
}

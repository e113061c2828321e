package io.saferedisqueue.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import io.micrometer.observation.Observation;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trace of a push continues in the listener through the queue's headers hash, with Brave and
 * W3C {@code traceparent}; payloads stay byte for byte what the producer gave.
 */
@ExtendWith(RedisTestExtension.class)
class TracingIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final RedisTestServer redis;
  private final BraveTracing brave = new BraveTracing();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final BlockingQueue<SafeRedisQueueItem> received = new LinkedBlockingQueue<>();
  private String name;
  private SafeRedisQueueKeys keys;
  private RedisInspector inspector;
  private SafeRedisQueue producer;
  private SafeRedisQueue consumerQueue;
  private SafeQueueListenerContainer container;

  TracingIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void setUp() {
    name = "traced-" + UUID.randomUUID().toString().substring(0, 8);
    keys = SafeRedisQueueKeys.forName(name);
    inspector = RedisInspector.connect(redis.url());
    closeables.add(inspector);
    producer =
        SafeRedisQueue.builder(redis.url())
            .name(name)
            .observationRegistry(brave.observationRegistry)
            .build();
    consumerQueue = SafeRedisQueue.builder(redis.url()).name(name).build();
    closeables.add(producer);
    closeables.add(consumerQueue);
    closeables.add(brave);
    container = new SafeQueueListenerContainer("traced-listener", consumerQueue, received::add);
    container.setPollTimeout(Duration.ofMillis(200));
    container.setObservationRegistry(brave.observationRegistry);
  }

  @AfterEach
  void tearDown() throws Exception {
    container.stop();
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private MutableSpan awaitSpan(String spanName, int count) {
    await().atMost(WAIT).until(() -> brave.spansNamed(spanName).size() >= count);
    return brave.spansNamed(spanName).get(count - 1);
  }

  private boolean hasHeaders(String uid) {
    return inspector.hasField(keys.headers(), uid);
  }

  @Test
  void theListenerSpanContinuesTheTraceOfThePush() throws Exception {
    byte[] payload = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);
    String uid = producer.push(payload);

    MutableSpan push = awaitSpan(name + " send", 1);
    assertThat(push.kind()).isEqualTo(Kind.PRODUCER);
    assertThat(push.tags()).containsEntry("queue", name);

    // The payload Python reads is untouched; the trace context is beside it.
    assertThat(inspector.field(keys.items(), uid)).isEqualTo(payload);
    Map<String, String> headers = consumerQueue.admin().headers(List.of(uid)).get(0);
    assertThat(headers.get("traceparent"))
        .isEqualTo("00-" + push.traceId() + "-" + push.id() + "-01");

    container.start();
    SafeRedisQueueItem item = received.poll(10, TimeUnit.SECONDS);
    assertThat(item).isNotNull();
    assertThat(item.payload()).isEqualTo(payload);

    MutableSpan receive = awaitSpan(name + " receive", 1);
    assertThat(receive.kind()).isEqualTo(Kind.CONSUMER);
    assertThat(receive.traceId()).isEqualTo(push.traceId());
    assertThat(receive.parentId()).isEqualTo(push.id());
    assertThat(receive.tags())
        .containsEntry("queue", name)
        .containsEntry("listener.id", "traced-listener")
        .containsEntry("result", "success")
        .containsEntry("saferedisqueue.item.uid", uid);

    await().atMost(WAIT).until(() -> !hasHeaders(uid));
    assertThat(inspector.exists(keys.headers())).isFalse();
  }

  @Test
  void aPushInsideAnOperationJoinsItsTraceAndSoDoAllItemsOfAPushAll() throws Exception {
    Observation operation = Observation.start("checkout", brave.observationRegistry);
    try (Observation.Scope scope = operation.openScope()) {
      producer.pushAll(
          List.of("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8)));
    } finally {
      operation.stop();
    }
    MutableSpan checkout = awaitSpan("checkout", 1);
    MutableSpan push = awaitSpan(name + " send", 1);
    assertThat(push.traceId()).isEqualTo(checkout.traceId());
    assertThat(push.parentId()).isEqualTo(checkout.id());
    assertThat(push.tags()).containsEntry("saferedisqueue.item.count", "2");

    container.start();
    assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    awaitSpan(name + " receive", 2);
    assertThat(brave.spansNamed(name + " receive"))
        .allSatisfy(
            receive -> {
              assertThat(receive.traceId()).isEqualTo(checkout.traceId());
              assertThat(receive.parentId()).isEqualTo(push.id());
            });
  }

  @Test
  void asyncPushesInsideAnOperationEachCarryTheirOwnSendSpanToTheListener() throws Exception {
    Observation operation = Observation.start("batch-job", brave.observationRegistry);
    List<CompletableFuture<String>> futures = new ArrayList<>();
    try (Observation.Scope scope = operation.openScope()) {
      for (int i = 0; i < 20; i++) {
        futures.add(producer.pushAsync("async-" + i));
      }
    } finally {
      operation.stop();
    }
    List<String> uids = new ArrayList<>();
    for (CompletableFuture<String> future : futures) {
      uids.add(future.get(10, TimeUnit.SECONDS));
    }
    MutableSpan job = awaitSpan("batch-job", 1);
    awaitSpan(name + " send", 20);
    List<MutableSpan> sends = brave.spansNamed(name + " send");
    assertThat(sends)
        .allSatisfy(
            send -> {
              assertThat(send.traceId()).isEqualTo(job.traceId());
              assertThat(send.parentId()).isEqualTo(job.id());
              assertThat(send.error()).isNull();
            });
    List<String> traceparents = new ArrayList<>();
    for (Map<String, String> headers : consumerQueue.admin().headers(uids)) {
      traceparents.add(headers.get("traceparent"));
    }
    assertThat(traceparents)
        .containsExactlyInAnyOrderElementsOf(
            sends.stream().map(send -> "00-" + send.traceId() + "-" + send.id() + "-01").toList());

    container.start();
    for (int i = 0; i < 20; i++) {
      assertThat(received.poll(10, TimeUnit.SECONDS).payloadAsString()).isEqualTo("async-" + i);
    }
    awaitSpan(name + " receive", 20);
    assertThat(brave.spansNamed(name + " receive"))
        .allSatisfy(receive -> assertThat(receive.traceId()).isEqualTo(job.traceId()));
  }

  @Test
  void anItemPushedTheWayThePythonLibraryDoesStartsANewTrace() throws Exception {
    String uid = UUID.randomUUID().toString();
    byte[] payload = "from python".getBytes(StandardCharsets.UTF_8);
    // Python's put: HSET items uid payload, LPUSH queue uid; no headers entry.
    inspector.template().opsForHash().put(keys.items(), uid, payload);
    inspector.template().opsForList().leftPush(keys.queue(), uid.getBytes());
    producer.push("from java");

    container.start();
    assertThat(received.poll(10, TimeUnit.SECONDS).payloadAsString()).isEqualTo("from python");
    assertThat(received.poll(10, TimeUnit.SECONDS).payloadAsString()).isEqualTo("from java");

    MutableSpan push = awaitSpan(name + " send", 1);
    awaitSpan(name + " receive", 2);
    MutableSpan fromPython =
        brave.spansNamed(name + " receive").stream()
            .filter(span -> uid.equals(span.tag("saferedisqueue.item.uid")))
            .findFirst()
            .orElseThrow();
    assertThat(fromPython.parentId()).isNull();
    assertThat(fromPython.traceId()).isNotEqualTo(push.traceId());
  }

  @Test
  void aFailingListenerMarksItsSpanAndTheHeadersStayUntilTheItemIsDone() throws Exception {
    List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    container.stop();
    container =
        new SafeQueueListenerContainer(
            "flaky",
            consumerQueue,
            item -> {
              attempts.add(item.uid());
              if (attempts.size() == 1) {
                throw new IllegalStateException("first attempt fails");
              }
              received.add(item);
            });
    container.setPollTimeout(Duration.ofMillis(200));
    container.setObservationRegistry(brave.observationRegistry);
    String uid = producer.push("flaky");
    container.start();

    assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    MutableSpan push = awaitSpan(name + " send", 1);
    awaitSpan(name + " receive", 2);
    List<MutableSpan> receives = brave.spansNamed(name + " receive");
    assertThat(receives.get(0).error()).isInstanceOf(IllegalStateException.class);
    assertThat(receives.get(0).tags())
        .containsEntry("result", "failure")
        .containsEntry("exception", "IllegalStateException");
    assertThat(receives)
        .as("the redelivery continues the same trace")
        .allSatisfy(receive -> assertThat(receive.traceId()).isEqualTo(push.traceId()));
    await().atMost(WAIT).until(() -> !hasHeaders(uid));
  }
}

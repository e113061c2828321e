package io.saferedisqueue.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.config.SafeQueueListenerConfigUtils;
import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.PayloadConversionException;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.listener.api.ListenerExecutionFailedException;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

@ExtendWith(RedisTestExtension.class)
class SafeQueueListenerIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final RedisTestServer redis;
  private final String queueName = "listener-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<AnnotationConfigApplicationContext> contexts = new ArrayList<>();

  private static RedisInspector inspector;

  SafeQueueListenerIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeAll
  static void openInspector(RedisTestServer redis) {
    inspector = RedisInspector.connect(redis.url());
  }

  @AfterAll
  static void closeInspector() {
    inspector.close();
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(AnnotationConfigApplicationContext::close);
  }

  private AnnotationConfigApplicationContext start(
      Map<String, Object> properties, Class<?>... classes) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    Map<String, Object> all = new HashMap<>(properties);
    all.put(ListenerTestConfig.URL_PROPERTY, redis.url());
    all.put("test.queue", queueName);
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", all));
    context.register(classes);
    contexts.add(context);
    context.refresh();
    return context;
  }

  private AnnotationConfigApplicationContext start(Class<?>... classes) {
    return start(Map.of(), classes);
  }

  private static SafeRedisQueue queue(AnnotationConfigApplicationContext context, String name) {
    return context.getBean(SafeRedisQueueFactory.class).getQueue(name);
  }

  private static SafeRedisQueueKeys keys(SafeRedisQueue queue) {
    return SafeRedisQueueKeys.forName(queue.name());
  }

  private static long storedPayloads(SafeRedisQueue queue) {
    return inspector.hashSize(keys(queue).items());
  }

  private static SafeQueueListenerEndpointRegistry registry(
      AnnotationConfigApplicationContext context) {
    return context.getBean(
        SafeQueueListenerConfigUtils.SAFE_QUEUE_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
        SafeQueueListenerEndpointRegistry.class);
  }

  // ---------------------------------------------------------------- ack and requeue

  @Test
  void itemIsAckedWhenTheListenerReturns() throws Exception {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, StringListener.class);
    SafeRedisQueue queue = queue(context, queueName);
    String uid = queue.push("hello");

    assertThat(context.getBean(StringListener.class).received.poll(15, TimeUnit.SECONDS))
        .isEqualTo("hello");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
    assertThat(storedPayloads(queue)).isZero();
    assertThat(inspector.hasField(keys(queue).items(), uid)).isFalse();
  }

  @Test
  void itemIsRequeuedAndDeliveredAgainWhenTheListenerThrows() {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, FailingOnceListener.class);
    SafeRedisQueue queue = queue(context, queueName);
    String uid = queue.push("flaky");

    FailingOnceListener listener = context.getBean(FailingOnceListener.class);
    await().atMost(WAIT).until(() -> listener.deliveries.size() == 2);
    assertThat(listener.deliveries).containsExactly(uid, uid);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
    assertThat(storedPayloads(queue)).isZero();
  }

  // ---------------------------------------------------------------- parameters

  @Test
  void parametersBindPayloadAsStringBytesPojoAndTheItemAndUid() {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, ParameterListeners.class);
    ParameterListeners listeners = context.getBean(ParameterListeners.class);
    String stringUid = queue(context, queueName + "-string").push("grüße ✓");
    byte[] binary = {0, (byte) 0xff, 10, 13};
    String bytesUid = queue(context, queueName + "-bytes").push(binary);
    String pojoUid = queue(context, queueName + "-pojo").pushValue(new Order("a-1", 42));
    String itemUid = queue(context, queueName + "-item").push("whole");
    String mixedUid = queue(context, queueName + "-mixed").push("{\"id\":\"b-2\",\"amount\":7}");

    await().atMost(WAIT).until(() -> listeners.received.size() == 5);
    assertThat(listeners.received.get("string")).containsExactly("grüße ✓");
    assertThat(listeners.received.get("bytes")).containsExactly((Object) binary);
    assertThat(listeners.received.get("pojo")).containsExactly(new Order("a-1", 42));
    assertThat(listeners.received.get("item"))
        .containsExactly(new SafeRedisQueueItem(itemUid, "whole".getBytes(StandardCharsets.UTF_8)));
    List<Object> mixed = listeners.received.get("mixed");
    assertThat(mixed.get(0)).isEqualTo(mixedUid);
    assertThat(mixed.get(1)).isEqualTo(new Order("b-2", 7));
    assertThat(((SafeRedisQueueItem) mixed.get(2)).uid()).isEqualTo(mixedUid);
    assertThat(List.of(stringUid, bytesUid, pojoUid)).doesNotHaveDuplicates();
    for (String suffix : List.of("-string", "-bytes", "-pojo", "-item", "-mixed")) {
      SafeRedisQueue queue = queue(context, queueName + suffix);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
    }
  }

  @Test
  void unconvertiblePayloadGoesToTheErrorHandler() {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, RecordingErrorHandlerConfig.class, PojoListener.class);
    SafeRedisQueue queue = queue(context, queueName);
    String uid = queue.push("this is not JSON");

    RecordingErrorHandlerConfig errors = context.getBean(RecordingErrorHandlerConfig.class);
    await().atMost(WAIT).until(() -> !errors.errors.isEmpty());
    Throwable error = errors.errors.get(0);
    assertThat(error)
        .isInstanceOf(ListenerExecutionFailedException.class)
        .hasMessageContaining("pojoListener")
        .hasMessageContaining(uid)
        .hasMessageContaining(queueName)
        .hasCauseInstanceOf(PayloadConversionException.class);
    assertThat(context.getBean(PojoListener.class).received).isEmpty();
    // The recording handler discards, so the item is gone rather than redelivered forever.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
  }

  // ---------------------------------------------------------------- attributes

  @Test
  void placeholdersAndExpressionsResolveInTheAttributes() throws Exception {
    AnnotationConfigApplicationContext context =
        start(
            Map.of("test.concurrency", "3"),
            ListenerTestConfig.Fast.class,
            PlaceholderListener.class);
    SafeQueueListenerContainer container = registry(context).getListenerContainer("spelId");
    assertThat(container).isNotNull();
    assertThat(container.getQueueName()).isEqualTo(queueName);
    assertThat(container.getConcurrency()).isEqualTo(3);
    assertThat(container.isRunning()).isTrue();

    queue(context, queueName).push("via placeholder");
    assertThat(context.getBean(PlaceholderListener.class).received.poll(15, TimeUnit.SECONDS))
        .isEqualTo("via placeholder");
  }

  @Test
  void concurrencyRunsThatManyHandlersAtOnce() {
    AnnotationConfigApplicationContext context =
        start(
            Map.of("test.concurrency", "4"),
            ListenerTestConfig.Fast.class,
            BatchOfOneFactoryConfig.class,
            BarrierListener.class);
    BarrierListener listener = context.getBean(BarrierListener.class);
    SafeRedisQueue queue = queue(context, queueName);
    for (int i = 0; i < 4; i++) {
      queue.push("item-" + i);
    }

    // The barrier opens only when 4 handlers wait at it at the same time.
    await().atMost(WAIT).until(() -> listener.passed.get() == 4);
    assertThat(listener.failures).isEmpty();
    assertThat(listener.threads).hasSize(4);
    assertThat(listener.threads).allMatch(name -> name.startsWith("srq-barrier-"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
  }

  @Test
  void errorHandlerAttributeNamesTheHandlerOfThatListener() {
    AnnotationConfigApplicationContext context =
        start(
            ListenerTestConfig.Fast.class,
            RecordingErrorHandlerConfig.class,
            AlwaysFailingListener.class);
    SafeRedisQueue queue = queue(context, queueName);
    String uid = queue.push("doomed");

    RecordingErrorHandlerConfig errors = context.getBean(RecordingErrorHandlerConfig.class);
    await().atMost(WAIT).until(() -> !errors.errors.isEmpty());
    assertThat(errors.errors.get(0))
        .hasMessageContaining("'doomed'")
        .hasMessageContaining(uid)
        .hasRootCauseMessage("always fails");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0)));
    assertThat(storedPayloads(queue)).isZero();
    assertThat(context.getBean(AlwaysFailingListener.class).calls.get()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- registry

  @Test
  void pauseAndResumeThroughTheRegistry() throws Exception {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, PausableListener.class);
    SafeQueueListenerEndpointRegistry registry = registry(context);
    PausableListener listener = context.getBean(PausableListener.class);
    SafeRedisQueue queue = queue(context, queueName);

    registry.pause("pausable");
    SafeQueueListenerContainer container = registry.getListenerContainer("pausable");
    assertThat(container.isPaused()).isTrue();
    assertThat(container.isRunning()).isTrue();
    queue.push("while paused");
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(listener.received::isEmpty);
    assertThat(queue.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(1, 0, 0));

    registry.resume("pausable");
    assertThat(listener.received.poll(15, TimeUnit.SECONDS)).isEqualTo("while paused");
  }

  @Test
  void registryStartsStopsAndKnowsListenersById() throws Exception {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, ManualListener.class, StringListener.class);
    SafeQueueListenerEndpointRegistry registry = registry(context);
    assertThat(registry.getListenerContainerIds()).containsExactlyInAnyOrder("manual", "strings");
    assertThat(registry.getListenerContainers()).hasSize(2);
    SafeQueueListenerContainer manual = registry.getListenerContainer("manual");
    assertThat(manual.isRunning()).isFalse();
    assertThat(registry.getListenerContainer("strings").isRunning()).isTrue();
    assertThat(registry.getListenerContainer("nope")).isNull();

    SafeRedisQueue queue = queue(context, queueName + "-manual");
    queue.push("waited");
    registry.start("manual");
    assertThat(manual.isRunning()).isTrue();
    assertThat(context.getBean(ManualListener.class).received.poll(15, TimeUnit.SECONDS))
        .isEqualTo("waited");
    registry.stop("manual");
    assertThat(manual.isRunning()).isFalse();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.pause("nope"))
        .withMessageContaining("'nope'")
        .withMessageContaining("manual")
        .withMessageContaining("strings");
    assertThatIllegalArgumentException().isThrownBy(() -> registry.start("nope"));
    assertThatIllegalArgumentException().isThrownBy(() -> registry.stop("nope"));
    assertThatIllegalArgumentException().isThrownBy(() -> registry.resume("nope"));

    context.close();
    assertThat(registry.isRunning()).isFalse();
    assertThat(registry.getListenerContainer("strings").isRunning()).isFalse();
  }

  @Test
  void closingTheContextLetsARunningHandlerFinishAndAcksIt() throws Exception {
    String url = redis.url();
    List<String> uids;
    try (SafeRedisQueue producer = SafeRedisQueue.builder(url).name(queueName).build()) {
      uids =
          producer.pushAll(
              List.of(
                  bytes("first"), bytes("second"), bytes("third"))); // one batch for one consumer
    }
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, BlockingListener.class);
    BlockingListener listener = context.getBean(BlockingListener.class);
    assertThat(listener.started.poll(15, TimeUnit.SECONDS)).isEqualTo("first");
    SafeQueueListenerContainer container = registry(context).getListenerContainer("blocking");

    Thread closer = new Thread(context::close, "closer");
    closer.start();
    await().atMost(WAIT).until(() -> !container.isRunning());
    assertThat(closer.isAlive()).isTrue(); // waits for the handler
    listener.release.countDown();
    closer.join(15_000);
    assertThat(closer.isAlive()).isFalse();

    assertThat(listener.started).isEmpty(); // the other two were not started
    try (SafeRedisQueue check = SafeRedisQueue.builder(url).name(queueName).build()) {
      assertThat(check.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(2, 0, 0));
      assertThat(inspector.fields(keys(check).items()))
          .containsExactlyInAnyOrder(uids.get(1), uids.get(2));
    }
  }

  // ---------------------------------------------------------------- proxies and bootstrap

  @Test
  void proxiedBeansReceiveItemsThroughTheProxy() throws Exception {
    AnnotationConfigApplicationContext context =
        start(
            ListenerTestConfig.Fast.class,
            ProxyingConfig.class,
            JdkProxiedListener.class,
            CglibProxiedListener.class);
    Object jdk = context.getBean(Receiver.class);
    Object cglib = context.getBean(CglibProxiedListener.class);
    assertThat(java.lang.reflect.Proxy.isProxyClass(jdk.getClass())).isTrue();
    assertThat(org.springframework.aop.support.AopUtils.isCglibProxy(cglib)).isTrue();

    queue(context, queueName + "-jdk").push("to jdk");
    queue(context, queueName + "-cglib").push("to cglib");

    JdkProxiedListener jdkTarget = ProxyingConfig.targets.get(JdkProxiedListener.class);
    CglibProxiedListener cglibTarget = ProxyingConfig.targets.get(CglibProxiedListener.class);
    assertThat(jdkTarget.received.poll(15, TimeUnit.SECONDS)).isEqualTo("to jdk");
    assertThat(cglibTarget.received.poll(15, TimeUnit.SECONDS)).isEqualTo("to cglib");
    assertThat(ProxyingConfig.intercepted).contains("receive", "onItem");
  }

  @Test
  void aSingleQueueFactoryIsEnoughAndEnablingTwiceRegistersOnce() throws Exception {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.QueueFactoryOnly.class, SecondEnable.class, StringListener.class);
    assertThat(context.getBeansOfType(SafeQueueListenerEndpointRegistry.class)).hasSize(1);
    assertThat(context.getBeansOfType(SafeQueueListenerAnnotationBeanPostProcessor.class))
        .hasSize(1);
    assertThat(context.getBeansOfType(SafeQueueListenerContainerFactory.class)).isEmpty();
    assertThat(registry(context).getListenerContainerIds()).containsExactly("strings");

    queue(context, queueName).push("default factory");
    assertThat(context.getBean(StringListener.class).received.poll(15, TimeUnit.SECONDS))
        .isEqualTo("default factory");
  }

  @Test
  void lazyBeanGetsItsContainerStartedWhenItIsCreated() throws Exception {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, LazyListener.class);
    SafeQueueListenerEndpointRegistry registry = registry(context);
    assertThat(registry.getListenerContainerIds()).isEmpty();

    LazyListener listener = context.getBean(LazyListener.class);
    assertThat(registry.getListenerContainer("lazy").isRunning()).isTrue();
    queue(context, queueName).push("late bean");
    assertThat(listener.received.poll(15, TimeUnit.SECONDS)).isEqualTo("late bean");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- beans

  record Order(String id, int amount) {}

  static class StringListener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @SafeQueueListener(id = "strings", queue = "${test.queue}")
    void onMessage(String payload) {
      received.add(payload);
    }
  }

  @org.springframework.context.annotation.Lazy
  static class LazyListener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @SafeQueueListener(id = "lazy", queue = "${test.queue}")
    void onMessage(String payload) {
      received.add(payload);
    }
  }

  static class FailingOnceListener {
    final List<String> deliveries = new CopyOnWriteArrayList<>();

    @SafeQueueListener(queue = "${test.queue}")
    void onMessage(@SafeQueueUid String uid, String payload) {
      deliveries.add(uid);
      if (deliveries.size() == 1) {
        throw new IllegalStateException("first delivery fails");
      }
    }
  }

  static class ParameterListeners {
    final Map<String, List<Object>> received = new ConcurrentHashMap<>();

    @SafeQueueListener(queue = "${test.queue}-string")
    void onString(String payload) {
      received.put("string", List.of(payload));
    }

    @SafeQueueListener(queue = "${test.queue}-bytes")
    void onBytes(byte[] payload) {
      received.put("bytes", List.of((Object) payload));
    }

    @SafeQueueListener(queue = "${test.queue}-pojo")
    void onPojo(Order order) {
      received.put("pojo", List.of(order));
    }

    @SafeQueueListener(queue = "${test.queue}-item")
    void onItem(SafeRedisQueueItem item) {
      received.put("item", List.of(item));
    }

    @SafeQueueListener(queue = "${test.queue}-mixed")
    void onMixed(@SafeQueueUid String uid, Order order, SafeRedisQueueItem item) {
      received.put("mixed", List.of(uid, order, item));
    }
  }

  static class PojoListener {
    final List<Order> received = new CopyOnWriteArrayList<>();

    @SafeQueueListener(
        id = "pojoListener",
        queue = "${test.queue}",
        errorHandler = "recordingErrorHandler")
    void onOrder(Order order) {
      received.add(order);
    }
  }

  static class AlwaysFailingListener {
    final AtomicInteger calls = new AtomicInteger();

    @SafeQueueListener(
        id = "doomed",
        queue = "${test.queue}",
        errorHandler = "recordingErrorHandler")
    void onMessage(String payload) {
      calls.incrementAndGet();
      throw new IllegalArgumentException("always fails");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class RecordingErrorHandlerConfig {
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Bean
    SafeQueueErrorHandler recordingErrorHandler() {
      return (item, error, queue) -> {
        errors.add(error);
        SafeQueueErrorHandler.discard().handleError(item, error, queue);
      };
    }
  }

  static class PlaceholderListener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @SafeQueueListener(
        id = "#{'spel' + 'Id'}",
        queue = "${test.queue}",
        concurrency = "${test.concurrency}",
        autoStartup = "${test.autostart:true}")
    void onMessage(String payload) {
      received.add(payload);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BatchOfOneFactoryConfig {
    @Bean
    SafeQueueListenerContainerFactory batchOfOne(SafeRedisQueueFactory queueFactory) {
      SafeQueueListenerContainerFactory factory =
          new SafeQueueListenerContainerFactory(queueFactory);
      factory.setBatchSize(1);
      factory.setPollTimeout(Duration.ofMillis(200));
      return factory;
    }
  }

  static class BarrierListener {
    final CyclicBarrier barrier = new CyclicBarrier(4);
    final AtomicInteger passed = new AtomicInteger();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final Map<String, Boolean> threadNames = new ConcurrentHashMap<>();
    final java.util.Set<String> threads = threadNames.keySet();

    @SafeQueueListener(
        id = "barrier",
        queue = "${test.queue}",
        concurrency = "${test.concurrency}",
        containerFactory = "batchOfOne")
    void onMessage(String payload) throws Exception {
      threadNames.put(Thread.currentThread().getName(), true);
      try {
        barrier.await(10, TimeUnit.SECONDS);
        passed.incrementAndGet();
      } catch (Exception ex) {
        failures.add(ex);
        throw ex;
      }
    }
  }

  static class PausableListener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @SafeQueueListener(id = "pausable", queue = "${test.queue}")
    void onMessage(String payload) {
      received.add(payload);
    }
  }

  static class ManualListener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @SafeQueueListener(id = "manual", queue = "${test.queue}-manual", autoStartup = "false")
    void onMessage(String payload) {
      received.add(payload);
    }
  }

  static class BlockingListener {
    final BlockingQueue<String> started = new LinkedBlockingQueue<>();
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @SafeQueueListener(id = "blocking", queue = "${test.queue}")
    void onMessage(String payload) throws InterruptedException {
      started.add(payload);
      release.await(30, TimeUnit.SECONDS);
    }
  }

  /** Implemented by a listener that gets a JDK proxy, which only exposes this interface. */
  interface Receiver {
    void receive(String payload);
  }

  static class JdkProxiedListener implements Receiver {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @Override
    @SafeQueueListener(queue = "${test.queue}-jdk")
    public void receive(String payload) {
      received.add(payload);
    }
  }

  static class CglibProxiedListener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @SafeQueueListener(queue = "${test.queue}-cglib")
    void onItem(String payload) {
      received.add(payload);
    }
  }

  /** Wraps the two proxied listeners as AOP would (e.g. for {@code @Transactional}). */
  @Configuration(proxyBeanMethods = false)
  static class ProxyingConfig {
    static final Map<Class<?>, Object> rawTargets = new ConcurrentHashMap<>();
    static final List<String> intercepted = new CopyOnWriteArrayList<>();
    static final TypedTargets targets = new TypedTargets();

    @Bean
    static BeanPostProcessor proxyingPostProcessor() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          if (!(bean instanceof JdkProxiedListener) && !(bean instanceof CglibProxiedListener)) {
            return bean;
          }
          rawTargets.put(bean.getClass(), bean);
          ProxyFactory proxyFactory = new ProxyFactory(bean);
          proxyFactory.setProxyTargetClass(bean instanceof CglibProxiedListener);
          if (bean instanceof JdkProxiedListener) {
            proxyFactory.setInterfaces(Receiver.class);
          }
          proxyFactory.addAdvice(
              (MethodInterceptor)
                  invocation -> {
                    intercepted.add(invocation.getMethod().getName());
                    return invocation.proceed();
                  });
          return proxyFactory.getProxy();
        }
      };
    }

    static final class TypedTargets {
      <T> T get(Class<T> type) {
        return type.cast(rawTargets.get(type));
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableSafeQueueListeners
  static class SecondEnable {}
}

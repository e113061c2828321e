package io.saferedisqueue.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.config.SafeQueueListenerConfigUtils;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/** {@code @SafeQueueListener(batch = "true")} methods in an application context, on real Redis. */
@ExtendWith(RedisTestExtension.class)
class BatchListenerAnnotationIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final RedisTestServer redis;
  private final String queueName = "batch-ann-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<AnnotationConfigApplicationContext> contexts = new ArrayList<>();
  private RedisInspector inspector;

  BatchListenerAnnotationIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void connect() {
    inspector = RedisInspector.connect(redis.url());
  }

  @AfterEach
  void close() {
    contexts.forEach(AnnotationConfigApplicationContext::close);
    inspector.close();
  }

  private AnnotationConfigApplicationContext start(Class<?>... classes) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    Map<String, Object> properties = new HashMap<>();
    properties.put(ListenerTestConfig.URL_PROPERTY, redis.url());
    properties.put("test.queue", queueName);
    properties.put("test.batch", "5");
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("test", properties));
    context.register(classes);
    contexts.add(context);
    context.refresh();
    return context;
  }

  private static SafeRedisQueue queue(AnnotationConfigApplicationContext context, String name) {
    return context.getBean(SafeRedisQueueFactory.class).getQueue(name);
  }

  private static SafeQueueListenerContainer container(
      AnnotationConfigApplicationContext context, String id) {
    SafeQueueListenerContainer container =
        context
            .getBean(
                SafeQueueListenerConfigUtils.SAFE_QUEUE_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
                SafeQueueListenerEndpointRegistry.class)
            .getListenerContainer(id);
    assertThat(container).as("container " + id).isNotNull();
    return container;
  }

  private void assertNothingLeft(SafeRedisQueue queue) {
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(queue.name());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(inspector.listSize(keys.queue())).as("waiting").isZero();
              assertThat(inspector.listSize(keys.ackbuf()) + inspector.listSize(keys.backup()))
                  .as("in flight")
                  .isZero();
              assertThat(inspector.hashSize(keys.items())).as("payloads").isZero();
            });
  }

  record Order(String id, int quantity) {}

  static class OrderBatches {
    final List<List<Order>> batches = new CopyOnWriteArrayList<>();

    @SafeQueueListener(
        id = "orders",
        queue = "${test.queue}",
        batch = "true",
        consumerBatchSize = "${test.batch}",
        autoStartup = "false")
    void onOrders(List<Order> orders) {
      batches.add(orders);
    }
  }

  static class ItemBatches {
    final List<List<SafeRedisQueueItem>> batches = new CopyOnWriteArrayList<>();

    @SafeQueueListener(id = "items", queue = "${test.queue}", batch = "true")
    void onItems(List<SafeRedisQueueItem> items) {
      batches.add(items);
    }
  }

  static class TextBatches {
    final List<String> received = new CopyOnWriteArrayList<>();

    @SafeQueueListener(id = "texts", queue = "${test.queue}", batch = "true")
    void onTexts(List<String> texts) {
      received.addAll(texts);
    }
  }

  @Test
  void jsonPayloadsArriveAsAListOfRecordsInBatchesOfTheConfiguredSize() {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, OrderBatches.class);
    SafeRedisQueue queue = queue(context, queueName);
    List<Order> pushed = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Order order = new Order("o" + i, i);
      queue.pushValue(order);
      pushed.add(order);
    }
    SafeQueueListenerContainer container = container(context, "orders");
    assertThat(container.isBatchListener()).isTrue();
    assertThat(container.getConsumerBatchSize()).isEqualTo(5);
    container.start();

    OrderBatches listener = context.getBean(OrderBatches.class);
    await()
        .atMost(WAIT)
        .until(() -> listener.batches.stream().mapToInt(List::size).sum() >= pushed.size());
    assertNothingLeft(queue);
    assertThat(listener.batches.stream().flatMap(List::stream).toList())
        .containsExactlyElementsOf(pushed);
    assertThat(listener.batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 5));
    assertThat(listener.batches).anySatisfy(batch -> assertThat(batch).hasSizeGreaterThan(1));
  }

  @Test
  void aListOfItemsCarriesTheUids() {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, ItemBatches.class);
    SafeRedisQueue queue = queue(context, queueName);
    List<String> uids = List.of(queue.push("a"), queue.push("b"), queue.push("c"));

    ItemBatches listener = context.getBean(ItemBatches.class);
    await().atMost(WAIT).until(() -> listener.batches.stream().mapToInt(List::size).sum() >= 3);
    assertNothingLeft(queue);
    assertThat(listener.batches.stream().flatMap(List::stream).map(SafeRedisQueueItem::uid))
        .containsExactlyElementsOf(uids);
    assertThat(listener.batches.stream().flatMap(List::stream).map(item -> item.deliveries()))
        .containsOnly(1);
  }

  @Test
  void anUnconvertiblePayloadIsDeadLetteredAloneAndTheOthersAreProcessed() {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, OrderBatches.class);
    SafeRedisQueue queue = queue(context, queueName);
    queue.pushValue(new Order("first", 1));
    String bad = queue.push("this is not JSON");
    queue.pushValue(new Order("last", 3));
    container(context, "orders").start();

    OrderBatches listener = context.getBean(OrderBatches.class);
    await().atMost(WAIT).until(() -> queue.deadLetters().count() == 1);
    assertNothingLeft(queue);
    assertThat(queue.deadLetters().list(0, 1).get(0).uid()).isEqualTo(bad);
    assertThat(listener.batches.stream().flatMap(List::stream).toList())
        .containsExactly(new Order("first", 1), new Order("last", 3));
  }

  /** A CGLIB-proxied batch listener (as with {@code @Transactional}): invoked through the proxy. */
  static class ProxiedBatches {
    // Static: the proxy's own fields are not the target's.
    static final List<String> received = new CopyOnWriteArrayList<>();

    @SafeQueueListener(id = "proxied", queue = "${test.queue}", batch = "true")
    public void onTexts(List<String> texts) {
      received.addAll(texts);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Proxying {
    static final List<String> intercepted = new CopyOnWriteArrayList<>();

    @Bean
    static BeanPostProcessor proxyingPostProcessor() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          if (!(bean instanceof ProxiedBatches)) {
            return bean;
          }
          ProxyFactory proxy = new ProxyFactory(bean);
          proxy.setProxyTargetClass(true);
          proxy.addAdvice(
              (MethodInterceptor)
                  invocation -> {
                    intercepted.add(invocation.getMethod().getName());
                    return invocation.proceed();
                  });
          return proxy.getProxy();
        }
      };
    }
  }

  @Test
  void aProxiedBatchListenerIsInvokedThroughTheProxy() {
    Proxying.intercepted.clear();
    ProxiedBatches.received.clear();
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, Proxying.class, ProxiedBatches.class);
    SafeRedisQueue queue = queue(context, queueName);
    queue.push("p");
    queue.push("q");
    Object bean = context.getBean(ProxiedBatches.class);
    assertThat(AopUtils.isCglibProxy(bean)).isTrue();

    await().atMost(WAIT).until(() -> ProxiedBatches.received.size() >= 2);
    assertNothingLeft(queue);
    assertThat(ProxiedBatches.received).containsExactly("p", "q");
    assertThat(Proxying.intercepted).isNotEmpty().containsOnly("onTexts");
  }

  @Test
  void textPayloadsArriveAsStrings() {
    AnnotationConfigApplicationContext context =
        start(ListenerTestConfig.Fast.class, TextBatches.class);
    SafeRedisQueue queue = queue(context, queueName);
    queue.push("x");
    queue.push("y");

    TextBatches listener = context.getBean(TextBatches.class);
    await().atMost(WAIT).until(() -> listener.received.size() >= 2);
    assertNothingLeft(queue);
    assertThat(listener.received).containsExactly("x", "y");
  }
}

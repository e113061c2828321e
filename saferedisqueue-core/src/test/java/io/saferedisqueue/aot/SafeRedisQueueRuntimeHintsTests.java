package io.saferedisqueue.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.annotation.SafeQueueUid;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The runtime hints for scripts and listener methods, checked with RuntimeHintsPredicates. */
class SafeRedisQueueRuntimeHintsTests {

  record Order(String id, int quantity) {}

  record Shipment(String orderId) {}

  static class OrderListener {
    @SafeQueueListener(queue = "orders")
    void onOrder(Order order, @SafeQueueUid String uid) {}

    @SafeQueueListener(queue = "paid")
    Shipment onPaid(Order order) {
      return new Shipment(order.id());
    }

    void notAListener(Order order) {}
  }

  record Invoice(String number) {}

  static class BatchListener {
    @SafeQueueListener(queue = "orders", batch = "true")
    void onOrders(List<Order> orders) {}

    @SafeQueueListener(queue = "invoices", batch = "true")
    void onInvoices(List<SafeRedisQueueItem> items) {}
  }

  static class PlainBean {
    void work() {}
  }

  @Test
  void theScriptsAreIncludedAsResources() {
    RuntimeHints hints = new RuntimeHints();
    new SafeRedisQueueRuntimeHints().registerHints(hints, getClass().getClassLoader());
    for (String script : new String[] {"push", "pop", "ack", "fail", "autoclean", "release"}) {
      assertThat(
              RuntimeHintsPredicates.resource()
                  .forResource("io/saferedisqueue/core/scripts/" + script + ".lua"))
          .accepts(hints);
    }
  }

  @Test
  void listenerMethodsAreInvocableAndTheirPayloadTypesBindable() throws Exception {
    RuntimeHints hints = new RuntimeHints();
    SafeQueueListenerBeanRegistrationAotProcessor.registerHints(
        hints, SafeQueueListenerBeanRegistrationAotProcessor.listenerMethods(OrderListener.class));
    Method onOrder = OrderListener.class.getDeclaredMethod("onOrder", Order.class, String.class);
    Method other = OrderListener.class.getDeclaredMethod("notAListener", Order.class);
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(onOrder)).accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(other)).rejects(hints);
    assertThat(
            RuntimeHintsPredicates.reflection()
                .onType(Order.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "id"))
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Shipment.class, "orderId"))
        .accepts(hints);
  }

  @Test
  void aBatchListenersListElementTypeIsBindable() throws Exception {
    RuntimeHints hints = new RuntimeHints();
    SafeQueueListenerBeanRegistrationAotProcessor.registerHints(
        hints, SafeQueueListenerBeanRegistrationAotProcessor.listenerMethods(BatchListener.class));
    Method onOrders = BatchListener.class.getDeclaredMethod("onOrders", List.class);
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(onOrders)).accepts(hints);
    assertThat(
            RuntimeHintsPredicates.reflection()
                .onType(Order.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "quantity"))
        .accepts(hints);
    // Items are bound by the library itself, and an unrelated record gets nothing.
    assertThat(RuntimeHintsPredicates.reflection().onType(SafeRedisQueueItem.class)).rejects(hints);
    assertThat(RuntimeHintsPredicates.reflection().onType(Invoice.class)).rejects(hints);
  }

  @Test
  void onlyBeansWithListenerMethodsContribute() {
    DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
    beanFactory.registerBeanDefinition("orders", new RootBeanDefinition(OrderListener.class));
    beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(PlainBean.class));
    SafeQueueListenerBeanRegistrationAotProcessor processor =
        new SafeQueueListenerBeanRegistrationAotProcessor();
    assertThat(processor.processAheadOfTime(RegisteredBean.of(beanFactory, "orders"))).isNotNull();
    assertThat(processor.processAheadOfTime(RegisteredBean.of(beanFactory, "plain"))).isNull();
  }

  @Test
  void bothAreRegisteredForSpringsAotProcessing() {
    SpringFactoriesLoader loader =
        SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories");
    assertThat(loader.load(RuntimeHintsRegistrar.class))
        .hasAtLeastOneElementOfType(SafeRedisQueueRuntimeHints.class);
    assertThat(loader.load(BeanRegistrationAotProcessor.class))
        .hasAtLeastOneElementOfType(SafeQueueListenerBeanRegistrationAotProcessor.class);
  }
}

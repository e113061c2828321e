package io.saferedisqueue.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.saferedisqueue.config.SafeQueueListenerConfigUtils;
import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * Invalid listener definitions fail the context start-up, naming bean, method and problem. No
 * container starts in these tests, so they need no Redis: the connection factory points at a port
 * nothing listens on and is never used.
 */
class SafeQueueListenerValidationTests {

  private static String startupFailure(Map<String, Object> properties, Class<?>... classes) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    Map<String, Object> all = new HashMap<>(properties);
    all.put(ListenerTestConfig.URL_PROPERTY, "redis://127.0.0.1:1/0");
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", all));
    context.register(classes);
    Throwable failure = catchThrowable(context::refresh);
    context.close();
    assertThat(failure).as("context start-up should fail").isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  private static String startupFailure(Class<?>... classes) {
    return startupFailure(Map.of(), classes);
  }

  @Test
  void methodWithoutABindableParameter() {
    assertThat(startupFailure(ListenerTestConfig.Fast.class, NoParameter.class))
        .contains("bean 'safeQueueListenerValidationTests.NoParameter'")
        .contains("NoParameter.handle()")
        .contains("no parameter to bind the item to");
    assertThat(startupFailure(ListenerTestConfig.Fast.class, UidOnly.class))
        .contains("UidOnly.handle(String)")
        .contains("no parameter to bind the item to");
  }

  @Test
  void methodWithTwoPayloadParameters() {
    assertThat(startupFailure(ListenerTestConfig.Fast.class, TwoPayloads.class))
        .contains("'safeQueueListenerValidationTests.TwoPayloads'")
        .contains("TwoPayloads.handle(String, Integer, SafeRedisQueueItem)")
        .contains("two payload parameters, #0 (java.lang.String) and #1 (java.lang.Integer)");
  }

  @Test
  void uidParameterThatIsNotAString() {
    assertThat(startupFailure(ListenerTestConfig.Fast.class, UidNotString.class))
        .contains("UidNotString.handle(long, String)")
        .contains("@SafeQueueUid parameter #0 is a long; the uid is a String");
  }

  @Test
  void concurrencyThatIsNotAPositiveNumber() {
    assertThat(startupFailure(ListenerTestConfig.Fast.class, ConcurrencyAbc.class))
        .contains("bean 'safeQueueListenerValidationTests.ConcurrencyAbc'")
        .contains("ConcurrencyAbc.handle(String)")
        .contains("concurrency 'abc' must be a whole number >= 1");
    assertThat(
            startupFailure(
                Map.of("workers", "0"), ListenerTestConfig.Fast.class, ConcurrencyZero.class))
        .contains("ConcurrencyZero.handle(String)")
        .contains("concurrency '${workers}' (resolved to '0') must be a whole number >= 1");
    assertThat(startupFailure(ListenerTestConfig.Fast.class, ConcurrencyBackwards.class))
        .contains("ConcurrencyBackwards.handle(String)")
        .contains("concurrency '8-2' must be a whole number >= 1 such as \"4\", or a range");
  }

  @Test
  void autoStartupThatIsNotABoolean() {
    assertThat(startupFailure(ListenerTestConfig.Fast.class, AutoStartupMaybe.class))
        .contains("AutoStartupMaybe.handle(String)")
        .contains("autoStartup 'maybe' must be \"true\" or \"false\"");
  }

  @Test
  void queueThatIsEmptyAfterResolution() {
    assertThat(
            startupFailure(
                Map.of("orders.queue", ""), ListenerTestConfig.Fast.class, EmptyQueue.class))
        .contains("bean 'safeQueueListenerValidationTests.EmptyQueue'")
        .contains("EmptyQueue.handle(String)")
        .contains("queue '${orders.queue}' (resolved to '') is empty");
    assertThat(startupFailure(ListenerTestConfig.Fast.class, EmptyQueue.class))
        .contains("EmptyQueue.handle(String)")
        .contains("queue '${orders.queue}' has a placeholder that is not defined");
  }

  @Test
  void unknownContainerFactory() {
    assertThat(startupFailure(ListenerTestConfig.Fast.class, UnknownFactory.class))
        .contains("UnknownFactory.handle(String)")
        .contains("containerFactory 'noSuchFactory' is not the name of a bean")
        .contains("[safeQueueListenerContainerFactory]");
  }

  @Test
  void unknownOrWronglyTypedErrorHandler() {
    assertThat(startupFailure(ListenerTestConfig.Fast.class, UnknownErrorHandler.class))
        .contains("bean 'safeQueueListenerValidationTests.UnknownErrorHandler'")
        .contains("UnknownErrorHandler.handle(String)")
        .contains("errorHandler 'noSuchHandler' is not the name of a bean");
    assertThat(startupFailure(ListenerTestConfig.Fast.class, ErrorHandlerOfWrongType.class))
        .contains("ErrorHandlerOfWrongType.handle(String)")
        .contains("errorHandler 'safeQueueListenerContainerFactory' is a")
        .contains("not a SafeQueueErrorHandler");
  }

  @Test
  void duplicateListenerId() {
    assertThat(startupFailure(ListenerTestConfig.Fast.class, DuplicateIds.class))
        .contains("bean 'safeQueueListenerValidationTests.DuplicateIds'")
        .contains("Listener id 'same' is already used by MethodSafeQueueListenerEndpoint")
        .contains("DuplicateIds.first(String)")
        .contains("DuplicateIds.second(String)");
  }

  @Test
  void neitherAContainerFactoryNorAQueueFactory() {
    assertThat(startupFailure(EnableOnly.class, Valid.class))
        .contains("Valid.handle(String)")
        .contains(
            "no SafeQueueListenerContainerFactory bean named 'safeQueueListenerContainerFactory'"
                + " and no single SafeRedisQueueFactory bean")
        .contains("define a SafeRedisQueueFactory bean");
  }

  @Test
  void methodThatAJdkProxyDoesNotExpose() {
    assertThat(startupFailure(ListenerTestConfig.Fast.class, JdkProxyConfig.class))
        .contains("bean 'hidden'")
        .contains("Hidden.handle(String)")
        .contains("cannot be a listener");
  }

  @Test
  void beanNamesAreTheDocumentedOnes() {
    assertThat(SafeQueueListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
        .isEqualTo("safeQueueListenerContainerFactory");
    assertThat(SafeQueueListenerConfigUtils.SAFE_QUEUE_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME)
        .isNotBlank();
    assertThat(SafeQueueListenerConfigUtils.SAFE_QUEUE_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME)
        .isNotBlank();
    assertThat(SafeQueueListenerContainerFactory.class).isNotNull();
  }

  // ---------------------------------------------------------------- beans

  static class NoParameter {
    @SafeQueueListener(queue = "q")
    void handle() {}
  }

  static class UidOnly {
    @SafeQueueListener(queue = "q")
    void handle(@SafeQueueUid String uid) {}
  }

  static class TwoPayloads {
    @SafeQueueListener(queue = "q")
    void handle(String a, Integer b, SafeRedisQueueItem item) {}
  }

  static class UidNotString {
    @SafeQueueListener(queue = "q")
    void handle(@SafeQueueUid long uid, String payload) {}
  }

  static class ConcurrencyAbc {
    @SafeQueueListener(queue = "q", concurrency = "abc")
    void handle(String payload) {}
  }

  static class ConcurrencyBackwards {
    @SafeQueueListener(queue = "q", concurrency = "8-2")
    void handle(String payload) {}
  }

  static class ConcurrencyZero {
    @SafeQueueListener(queue = "q", concurrency = "${workers}")
    void handle(String payload) {}
  }

  static class AutoStartupMaybe {
    @SafeQueueListener(queue = "q", autoStartup = "maybe")
    void handle(String payload) {}
  }

  static class EmptyQueue {
    @SafeQueueListener(queue = "${orders.queue}")
    void handle(String payload) {}
  }

  static class UnknownFactory {
    @SafeQueueListener(queue = "q", containerFactory = "noSuchFactory")
    void handle(String payload) {}
  }

  static class UnknownErrorHandler {
    @SafeQueueListener(queue = "q", errorHandler = "noSuchHandler")
    void handle(String payload) {}
  }

  static class ErrorHandlerOfWrongType {
    @SafeQueueListener(queue = "q", errorHandler = "safeQueueListenerContainerFactory")
    void handle(String payload) {}
  }

  static class DuplicateIds {
    @SafeQueueListener(id = "same", queue = "q1")
    void first(String payload) {}

    @SafeQueueListener(id = "same", queue = "q2")
    void second(String payload) {}
  }

  static class Valid {
    @SafeQueueListener(queue = "q")
    void handle(String payload) {}
  }

  @Configuration(proxyBeanMethods = false)
  @EnableSafeQueueListeners
  static class EnableOnly {}

  interface SomeInterface {
    void other();
  }

  static class Hidden implements SomeInterface {
    @Override
    public void other() {}

    @SafeQueueListener(queue = "q")
    public void handle(String payload) {}
  }

  @Configuration(proxyBeanMethods = false)
  static class JdkProxyConfig {
    @Bean
    static BeanPostProcessor jdkProxying() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          if (bean instanceof Hidden) {
            ProxyFactory factory = new ProxyFactory(bean);
            factory.setInterfaces(SomeInterface.class);
            return factory.getProxy();
          }
          return bean;
        }
      };
    }

    @Bean
    Hidden hidden() {
      return new Hidden();
    }
  }
}

package io.saferedisqueue.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.saferedisqueue.core.SafeRedisQueueItem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Invalid batch listener definitions fail the context start-up, naming bean, method and problem. No
 * container starts, so these need no Redis: the url points at a port nothing listens on.
 */
class BatchListenerValidationTests {

  private static String startupFailure(Class<?> listener) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    Map<String, Object> properties = new HashMap<>();
    properties.put(ListenerTestConfig.URL_PROPERTY, "redis://127.0.0.1:1/0");
    properties.put("zero", "0");
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("test", properties));
    context.register(ListenerTestConfig.Fast.class, listener);
    Throwable failure = catchThrowable(context::refresh);
    context.close();
    assertThat(failure).as("context start-up should fail").isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  static class RawList {
    @SafeQueueListener(queue = "q", batch = "true")
    @SuppressWarnings("rawtypes")
    void handle(List items) {}
  }

  static class WildcardList {
    @SafeQueueListener(queue = "q", batch = "true")
    void handle(List<?> items) {}
  }

  static class TwoParameters {
    @SafeQueueListener(queue = "q", batch = "true")
    void handle(List<String> items, @SafeQueueUid String uid) {}
  }

  static class NotAList {
    @SafeQueueListener(queue = "q", batch = "true")
    void handle(String item) {}
  }

  static class SizeWithoutBatch {
    @SafeQueueListener(queue = "q", consumerBatchSize = "10")
    void handle(String item) {}
  }

  static class SizeZero {
    @SafeQueueListener(queue = "q", batch = "true", consumerBatchSize = "${zero}")
    void handle(List<String> items) {}
  }

  static class SizeAbc {
    @SafeQueueListener(queue = "q", batch = "true", consumerBatchSize = "abc")
    void handle(List<String> items) {}
  }

  static class BatchMaybe {
    @SafeQueueListener(queue = "q", batch = "maybe")
    void handle(List<String> items) {}
  }

  static class ItemListWithoutBatch {
    @SafeQueueListener(queue = "q")
    void handle(List<SafeRedisQueueItem> items) {}
  }

  static class BatchSendTo {
    @SafeQueueListener(queue = "q", batch = "true")
    @SafeQueueSendTo("next")
    String handle(List<String> items) {
      return "done";
    }
  }

  @Test
  void aListWithoutAResolvableElementType() {
    assertThat(startupFailure(RawList.class))
        .contains("bean 'batchListenerValidationTests.RawList'")
        .contains("RawList.handle(List)")
        .contains("element type of its List parameter (java.util.List) cannot be resolved")
        .contains("such as List<Order>");
    assertThat(startupFailure(WildcardList.class))
        .contains("WildcardList.handle(List)")
        .contains("(java.util.List<?>) cannot be resolved");
  }

  @Test
  void batchModeWithOtherParameters() {
    assertThat(startupFailure(TwoParameters.class))
        .contains("TwoParameters.handle(List, String)")
        .contains("a batch listener method takes exactly one parameter")
        .contains("it has 2 parameters");
    assertThat(startupFailure(NotAList.class))
        .contains("NotAList.handle(String)")
        .contains("it has a java.lang.String");
  }

  @Test
  void aConsumerBatchSizeOutOfRangeOrWithoutBatch() {
    assertThat(startupFailure(SizeWithoutBatch.class))
        .contains("SizeWithoutBatch.handle(String)")
        .contains("consumerBatchSize '10' is set but the listener is not a batch listener")
        .contains("add batch = \"true\"");
    assertThat(startupFailure(SizeZero.class))
        .contains(
            "consumerBatchSize '${zero}' (resolved to '0') must be a whole number from 1 to"
                + " 10000");
    assertThat(startupFailure(SizeAbc.class))
        .contains("consumerBatchSize 'abc' must be a whole number from 1 to 10000");
  }

  @Test
  void aBatchFlagThatIsNotABoolean() {
    assertThat(startupFailure(BatchMaybe.class))
        .contains("BatchMaybe.handle(List)")
        .contains("batch 'maybe' must be \"true\" or \"false\" (empty for false)");
  }

  @Test
  void aListOfItemsNeedsBatchMode() {
    assertThat(startupFailure(ItemListWithoutBatch.class))
        .contains("ItemListWithoutBatch.handle(List)")
        .contains("is a List<SafeRedisQueueItem>, which only a batch listener receives")
        .contains("batch = \"true\"");
  }

  @Test
  void sendToIsNotSupportedOnABatchListener() {
    assertThat(startupFailure(BatchSendTo.class))
        .contains("BatchSendTo.handle(List)")
        .contains("@SafeQueueSendTo is not supported on a batch listener");
  }
}

package io.saferedisqueue.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.saferedisqueue.core.PayloadConversionException;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.api.SafeQueueBatchFailedException;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;

/**
 * The batch method endpoint's binding and its conversion of a batch, and the batch exception's
 * checks; no Redis involved (the container's use of them is in the integration tests).
 */
class BatchListenerEndpointTests {

  record Order(String id) {}

  abstract static class GenericListener<T> {
    final List<List<T>> batches = new CopyOnWriteArrayList<>();

    void handle(List<T> items) {
      batches.add(items);
    }
  }

  static class OrderListener extends GenericListener<Order> {}

  static class FailingOn {
    final List<List<Order>> batches = new CopyOnWriteArrayList<>();
    private final RuntimeException failure;

    FailingOn(RuntimeException failure) {
      this.failure = failure;
    }

    void handle(List<Order> orders) {
      batches.add(orders);
      throw failure;
    }
  }

  private static SafeRedisQueueItem item(String uid, String payload) {
    return new SafeRedisQueueItem(uid, payload.getBytes(StandardCharsets.UTF_8), 1);
  }

  private static SafeQueueBatchListener listener(Object bean) throws Exception {
    MethodSafeQueueBatchListenerEndpoint endpoint =
        new MethodSafeQueueBatchListenerEndpoint(
            "id", "q", bean, ReflectionUtils.findMethod(bean.getClass(), "handle", List.class));
    return endpoint.createBatchListener(PayloadSerializer.defaultSerializer());
  }

  private static List<SafeRedisQueueItem> batchWithBadSecond() {
    return List.of(
        item("u0", "{\"id\":\"a\"}"), item("u1", "not json"), item("u2", "{\"id\":\"c\"}"));
  }

  @Test
  void aTypeVariableIsResolvedFromTheBeansClass() throws Exception {
    OrderListener bean = new OrderListener();
    MethodSafeQueueBatchListenerEndpoint endpoint =
        new MethodSafeQueueBatchListenerEndpoint(
            "id", "q", bean, GenericListener.class.getDeclaredMethod("handle", List.class));
    assertThat(endpoint.getElementType()).isEqualTo(Order.class);
    assertThat(
            endpoint
                .createListener(PayloadSerializer.defaultSerializer(), null, name -> null)
                .isBatch())
        .isTrue();
    endpoint
        .createBatchListener(PayloadSerializer.defaultSerializer())
        .onBatch(List.of(item("u0", "{\"id\":\"a\"}")));
    assertThat(bean.batches).containsExactly(List.of(new Order("a")));
  }

  @Test
  void anUnconvertiblePayloadFailsAloneAndTheMethodGetsTheOthers() throws Exception {
    OrderListener bean = new OrderListener();
    SafeQueueBatchFailedException failed =
        catchThrowableOfType(
            SafeQueueBatchFailedException.class,
            () -> listener(bean).onBatch(batchWithBadSecond()));
    assertThat(bean.batches).containsExactly(List.of(new Order("a"), new Order("c")));
    assertThat(failed.getFailedIndexes()).containsExactly(1);
    assertThat(failed.getFailures().get(1)).isInstanceOf(PayloadConversionException.class);
  }

  @Test
  void theMethodsIndexesAreMappedBackToTheBatch() throws Exception {
    // Index 1 of the method's list [a, c] is c, item 2 of the batch.
    FailingOn bean =
        new FailingOn(
            new SafeQueueBatchFailedException("c failed", new IllegalStateException(), 1));
    SafeQueueBatchFailedException failed =
        catchThrowableOfType(
            SafeQueueBatchFailedException.class,
            () -> listener(bean).onBatch(batchWithBadSecond()));
    assertThat(failed.getFailedIndexes()).containsExactly(1, 2);
    assertThat(failed.getFailures().get(1)).isInstanceOf(PayloadConversionException.class);
    assertThat(failed.getFailures().get(2)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aWholeBatchFailureKeepsTheConversionCauseOfTheBadItem() throws Exception {
    IllegalStateException boom = new IllegalStateException("database down");
    FailingOn bean = new FailingOn(boom);
    SafeQueueBatchFailedException failed =
        catchThrowableOfType(
            SafeQueueBatchFailedException.class,
            () -> listener(bean).onBatch(batchWithBadSecond()));
    assertThat(failed.getFailedIndexes()).containsExactly(0, 1, 2);
    assertThat(failed.getFailures().get(0)).isSameAs(boom);
    assertThat(failed.getFailures().get(1)).isInstanceOf(PayloadConversionException.class);
    assertThat(failed.getFailures().get(2)).isSameAs(boom);
  }

  @Test
  void withoutConversionProblemsTheMethodsExceptionIsThrownAsItIs() throws Exception {
    IllegalStateException boom = new IllegalStateException("database down");
    FailingOn bean = new FailingOn(boom);
    Throwable thrown =
        catchThrowableOfType(
            IllegalStateException.class,
            () -> listener(bean).onBatch(List.of(item("u0", "{\"id\":\"a\"}"))));
    assertThat(thrown).isSameAs(boom);
  }

  @Test
  void theBatchExceptionNeedsAtLeastOneIndexAndNoNegativeOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SafeQueueBatchFailedException("none", null))
        .withMessageContaining("names at least one failed index");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SafeQueueBatchFailedException("none", Map.of()))
        .withMessageContaining("names at least one failed index");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SafeQueueBatchFailedException("negative", null, 2, -1))
        .withMessage("failed index must be a position in the batch (>= 0), was -1");
    SafeQueueBatchFailedException own = new SafeQueueBatchFailedException("own", null, 3, 1);
    assertThat(own.getFailedIndexes()).containsExactly(1, 3);
    assertThat(own.getFailures().get(3)).isSameAs(own);
  }
}

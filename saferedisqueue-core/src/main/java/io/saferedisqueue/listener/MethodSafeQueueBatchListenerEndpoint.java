package io.saferedisqueue.listener;

import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.api.SafeQueueBatchFailedException;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * An endpoint that invokes a method of a bean once per batch of items, as {@code
 * SafeQueueListener(batch = "true")} methods are. The method has exactly one parameter, a {@code
 * List} whose element type says what it receives:
 *
 * <ul>
 *   <li>{@code List<SafeRedisQueueItem>}: the items themselves (uids, payloads, delivery counts);
 *   <li>{@code List<String>} (UTF-8), {@code List<byte[]>} (as stored), or {@code List<T>} of any
 *       other type read by the container factory's {@link PayloadSerializer} (JSON by default), as
 *       a single-item listener's payload parameter is.
 * </ul>
 *
 * <p>The list is in the order the items were taken; a {@link SafeQueueBatchFailedException} thrown
 * by the method names failed items by their index in it. An item whose payload cannot be converted
 * is left out of the list and fails on its own (dead-lettered at once by the default error
 * handling), while the method runs on the others; when no item converts, the method is not called.
 * The method is checked when the endpoint is created, so a method that cannot be bound fails
 * application start-up. What the method returns is ignored.
 */
public class MethodSafeQueueBatchListenerEndpoint extends AbstractSafeQueueListenerEndpoint {

  private final Object bean;
  private final Method method;
  private final Method invocableMethod;
  private final Class<?> elementType;

  /**
   * Creates the endpoint and checks the method's parameter.
   *
   * @param bean the bean to invoke the method on, possibly an AOP proxy
   * @param method the listener method, as declared on the bean's (target) class or an interface of
   *     it
   * @throws IllegalArgumentException naming the method when it does not have exactly one {@code
   *     List} parameter with a resolvable element type, or cannot be invoked through the proxy
   */
  public MethodSafeQueueBatchListenerEndpoint(
      String id, String queueName, Object bean, Method method) {
    super(id, queueName);
    this.bean = Objects.requireNonNull(bean, "bean");
    this.method = Objects.requireNonNull(method, "method");
    try {
      this.invocableMethod = AopUtils.selectInvocableMethod(method, bean.getClass());
    } catch (IllegalStateException ex) {
      throw MethodSafeQueueListenerEndpoint.invalid(method, ex.getMessage());
    }
    this.elementType = elementType(method, bean);
    ReflectionUtils.makeAccessible(invocableMethod);
  }

  private static Class<?> elementType(Method method, Object bean) {
    MethodParameter[] parameters = new AnnotatedMethod(method).getMethodParameters();
    if (parameters.length != 1 || parameters[0].getParameterType() != List.class) {
      throw MethodSafeQueueListenerEndpoint.invalid(
          method,
          "a batch listener method takes exactly one parameter, a List<T> of the items' payloads"
              + " (String, byte[] or a type the PayloadSerializer reads) or a"
              + " List<SafeRedisQueueItem>; it has "
              + (parameters.length == 1
                  ? "a " + parameters[0].getParameterType().getName()
                  : parameters.length + " parameters"));
    }
    ResolvableType list =
        ResolvableType.forMethodParameter(method, 0, AopProxyUtils.ultimateTargetClass(bean))
            .asCollection();
    Class<?> element = list.resolveGeneric(0);
    if (element == null || element == Object.class) {
      throw MethodSafeQueueListenerEndpoint.invalid(
          method,
          "the element type of its List parameter ("
              + parameters[0].getGenericParameterType().getTypeName()
              + ") cannot be resolved to a payload type; declare it, such as List<Order>,"
              + " List<String> or List<SafeRedisQueueItem>");
    }
    return ClassUtils.resolvePrimitiveIfNecessary(element);
  }

  /** The bean the method is invoked on (possibly a proxy). */
  public Object getBean() {
    return bean;
  }

  /** The listener method as given, on the target class or an interface of it. */
  public Method getMethod() {
    return method;
  }

  /** What the method's list holds: {@code SafeRedisQueueItem} or the payload type. */
  public Class<?> getElementType() {
    return elementType;
  }

  /** The method, a batch per call: {@link #createBatchListener}. */
  @Override
  public SafeQueueListenerAdapter createListener(
      PayloadSerializer serializer, SafeRedisQueue queue, Function<String, SafeRedisQueue> queues) {
    return SafeQueueListenerAdapter.forBatches(createBatchListener(serializer));
  }

  /**
   * Returns a batch listener that converts the items to the method's list and invokes the method
   * once. Items that cannot be converted, and the items the method names in a {@link
   * SafeQueueBatchFailedException}, fail with their own causes.
   */
  public SafeQueueBatchListener createBatchListener(PayloadSerializer serializer) {
    Objects.requireNonNull(serializer, "serializer");
    return items -> invoke(items, serializer);
  }

  private void invoke(List<SafeRedisQueueItem> items, PayloadSerializer serializer)
      throws Exception {
    if (elementType == SafeRedisQueueItem.class) {
      MethodSafeQueueListenerEndpoint.invoke(invocableMethod, method, bean, new Object[] {items});
      return;
    }
    List<Object> payloads = new ArrayList<>(items.size());
    List<Integer> positions = new ArrayList<>(items.size());
    Map<Integer, Throwable> failures = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        payloads.add(
            MethodSafeQueueListenerEndpoint.convert(
                items.get(i).payload(), elementType, serializer));
        positions.add(i);
      } catch (RuntimeException ex) {
        failures.put(i, ex);
      }
    }
    if (!payloads.isEmpty()) {
      try {
        MethodSafeQueueListenerEndpoint.invoke(
            invocableMethod, method, bean, new Object[] {List.copyOf(payloads)});
      } catch (SafeQueueBatchFailedException ex) {
        if (failures.isEmpty()) {
          throw ex;
        }
        // The method's indexes are positions in the list it got; the container's are in the batch.
        ex.getFailures()
            .forEach(
                (index, cause) ->
                    failures.put(
                        index < positions.size() ? positions.get(index) : items.size(), cause));
        throw new SafeQueueBatchFailedException(ex.getMessage(), failures);
      } catch (Exception ex) {
        if (failures.isEmpty()) {
          throw ex;
        }
        positions.forEach(index -> failures.put(index, ex));
        throw new SafeQueueBatchFailedException(ex.getMessage(), failures);
      }
    }
    if (!failures.isEmpty()) {
      throw new SafeQueueBatchFailedException(
          failures.size() + " of " + items.size() + " payload(s) could not be converted", failures);
    }
  }

  @Override
  public String toString() {
    return "MethodSafeQueueBatchListenerEndpoint[id="
        + getId()
        + ", queue="
        + getQueueName()
        + ", method="
        + MethodSafeQueueListenerEndpoint.describe(method)
        + "]";
  }
}

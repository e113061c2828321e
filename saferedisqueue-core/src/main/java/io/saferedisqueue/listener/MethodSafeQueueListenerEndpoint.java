package io.saferedisqueue.listener;

import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * An endpoint that invokes a method of a bean for each item, as {@code @SafeQueueListener} methods
 * do. The method's parameters are bound from the item:
 *
 * <ul>
 *   <li>the payload: as a {@code String} (UTF-8), as {@code byte[]} (as stored), or as any other
 *       type through the container factory's {@link PayloadSerializer} (JSON by default);
 *   <li>a {@link SafeRedisQueueItem}: the whole item;
 *   <li>a {@code String} annotated with the uid annotation given to the constructor (the annotation
 *       package's {@code SafeQueueUid} for listener methods): the item's uid.
 * </ul>
 *
 * <p>There must be exactly one payload parameter or a {@code SafeRedisQueueItem} parameter (or
 * both). The method is checked when the endpoint is created, so a method that cannot be bound fails
 * application start-up rather than the first delivery. On a proxied bean (AOP, {@code
 * Transactional}) the method is invoked through the proxy.
 */
public class MethodSafeQueueListenerEndpoint extends AbstractSafeQueueListenerEndpoint {

  private final Object bean;
  private final Method method;
  private final Method invocableMethod;
  private final List<ArgumentKind> arguments;
  private final Class<?> payloadType;
  private @Nullable String sendTo;

  /**
   * Creates the endpoint for a method without a uid parameter; see {@link
   * #MethodSafeQueueListenerEndpoint(String, String, Object, Method, Class)}.
   */
  public MethodSafeQueueListenerEndpoint(String id, String queueName, Object bean, Method method) {
    this(id, queueName, bean, method, null);
  }

  /**
   * Creates the endpoint and checks that the method's parameters can be bound.
   *
   * @param bean the bean to invoke the method on, possibly an AOP proxy
   * @param method the listener method, as declared on the bean's (target) class or an interface of
   *     it; its parameter annotations are read from there
   * @param uidAnnotation the annotation that marks the {@code String} parameter receiving the
   *     item's uid (the annotation package passes its {@code SafeQueueUid}), or {@code null} when
   *     no parameter receives it
   * @throws IllegalArgumentException naming the method when a parameter cannot be bound, when there
   *     are two payload parameters, when nothing receives the item, or when the method cannot be
   *     invoked through the proxy
   */
  public MethodSafeQueueListenerEndpoint(
      String id,
      String queueName,
      Object bean,
      Method method,
      @Nullable Class<? extends Annotation> uidAnnotation) {
    super(id, queueName);
    this.bean = Objects.requireNonNull(bean, "bean");
    this.method = Objects.requireNonNull(method, "method");
    try {
      this.invocableMethod = AopUtils.selectInvocableMethod(method, bean.getClass());
    } catch (IllegalStateException ex) {
      throw new IllegalArgumentException(
          "Method " + describe(method) + " cannot be a listener: " + ex.getMessage(), ex);
    }
    List<ArgumentKind> kinds = new ArrayList<>();
    Class<?> payload = null;
    int payloadIndex = -1;
    boolean receivesItem = false;
    MethodParameter[] parameters = new AnnotatedMethod(method).getMethodParameters();
    for (MethodParameter parameter : parameters) {
      Class<?> type = parameter.getParameterType();
      int index = parameter.getParameterIndex();
      if (uidAnnotation != null && parameter.hasParameterAnnotation(uidAnnotation)) {
        if (type != String.class) {
          throw invalid(
              method,
              "its @"
                  + uidAnnotation.getSimpleName()
                  + " parameter #"
                  + index
                  + " is a "
                  + type.getName()
                  + "; the uid is a String");
        }
        kinds.add(ArgumentKind.UID);
      } else if (List.class.isAssignableFrom(type)
          && ResolvableType.forMethodParameter(parameter).asCollection().resolveGeneric(0)
              == SafeRedisQueueItem.class) {
        throw invalid(
            method,
            "its parameter #"
                + index
                + " is a List<SafeRedisQueueItem>, which only a batch listener receives; make it"
                + " a batch listener (batch = \"true\") or take one SafeRedisQueueItem");
      } else if (type == SafeRedisQueueItem.class) {
        kinds.add(ArgumentKind.ITEM);
        receivesItem = true;
      } else {
        if (payload != null) {
          throw invalid(
              method,
              "it has two payload parameters, #"
                  + payloadIndex
                  + " ("
                  + payload.getName()
                  + ") and #"
                  + index
                  + " ("
                  + type.getName()
                  + "); declare one payload parameter, plus optionally a SafeRedisQueueItem"
                  + uidHint(uidAnnotation, " and a"));
        }
        payload = type;
        payloadIndex = index;
        kinds.add(ArgumentKind.PAYLOAD);
      }
    }
    if (payload == null && !receivesItem) {
      throw invalid(
          method,
          "it has no parameter to bind the item to; declare one payload parameter (String,"
              + " byte[] or a type the PayloadSerializer reads, JSON by default) or a"
              + " SafeRedisQueueItem"
              + uidHint(uidAnnotation, ", and optionally a"));
    }
    this.arguments = List.copyOf(kinds);
    this.payloadType =
        payload == null ? byte[].class : ClassUtils.resolvePrimitiveIfNecessary(payload);
    ReflectionUtils.makeAccessible(invocableMethod);
  }

  /**
   * Sets the queue that receives what the method returns, pushed in the same atomic step that acks
   * the item (see {@link SafeRedisQueue#handOff}); {@code null} (default) for none.
   *
   * @throws IllegalArgumentException when the method returns nothing
   */
  public void setSendTo(@Nullable String sendTo) {
    if (sendTo != null
        && (method.getReturnType() == void.class || method.getReturnType() == Void.class)) {
      throw invalid(
          method,
          "it sends its result to queue '"
              + sendTo
              + "' but returns nothing; return the next item");
    }
    this.sendTo = sendTo;
  }

  /** The queue that receives what the method returns, or {@code null}. */
  public @Nullable String getSendTo() {
    return sendTo;
  }

  /** The bean the method is invoked on (possibly a proxy). */
  public Object getBean() {
    return bean;
  }

  /** The listener method as given, on the target class or an interface of it. */
  public Method getMethod() {
    return method;
  }

  /**
   * Returns a listener that converts the item to the method's arguments and invokes the method; a
   * payload the serializer cannot read throws its {@link
   * io.saferedisqueue.core.PayloadConversionException} before the method runs.
   */
  public SafeQueueItemListener createItemListener(PayloadSerializer serializer) {
    Objects.requireNonNull(serializer, "serializer");
    return item -> invoke(item, serializer);
  }

  /**
   * The method, one item per call: {@link #createItemListener(PayloadSerializer, SafeRedisQueue,
   * Function)}.
   */
  @Override
  public SafeQueueListenerAdapter createListener(
      PayloadSerializer serializer, SafeRedisQueue queue, Function<String, SafeRedisQueue> queues) {
    return SafeQueueListenerAdapter.forItems(createItemListener(serializer, queue, queues));
  }

  /**
   * As {@link #createItemListener(PayloadSerializer)}; with a {@link #setSendTo send-to} queue, a
   * non-null result is handed off to it: pushed there in the script that acks the item (the
   * container's own ack afterwards finds nothing left to do).
   */
  public SafeQueueItemListener createItemListener(
      PayloadSerializer serializer, SafeRedisQueue queue, Function<String, SafeRedisQueue> queues) {
    Objects.requireNonNull(serializer, "serializer");
    String target = sendTo;
    if (target == null) {
      return createItemListener(serializer);
    }
    SafeRedisQueue next = queues.apply(target);
    return item -> {
      Object result = invoke(item, serializer);
      if (result != null) {
        queue.handOff(item.uid(), next, toPayload(result, next.settings().serializer()));
      }
    };
  }

  private static byte[] toPayload(Object result, PayloadSerializer serializer) {
    if (result instanceof byte[] bytes) {
      return bytes;
    }
    if (result instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    return serializer.serialize(result);
  }

  private @Nullable Object invoke(SafeRedisQueueItem item, PayloadSerializer serializer)
      throws Exception {
    Object[] args = new Object[arguments.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] =
          switch (arguments.get(i)) {
            case ITEM -> item;
            case UID -> item.uid();
            case PAYLOAD -> convert(item.payload(), serializer);
          };
    }
    return invoke(invocableMethod, method, bean, args);
  }

  /** Invokes the method, throwing on what it threw itself. */
  static @Nullable Object invoke(Method invocable, Method method, Object bean, Object[] args)
      throws Exception {
    try {
      return invocable.invoke(bean, args);
    } catch (InvocationTargetException ex) {
      Throwable cause = ex.getTargetException();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw ex;
    } catch (IllegalAccessException ex) {
      throw new IllegalStateException("Cannot invoke listener method " + describe(method), ex);
    }
  }

  private Object convert(byte[] payload, PayloadSerializer serializer) {
    return convert(payload, payloadType, serializer);
  }

  /** The payload as the type: text (UTF-8), the bytes as stored, or read by the serializer. */
  static Object convert(byte[] payload, Class<?> type, PayloadSerializer serializer) {
    if (type == String.class) {
      return new String(payload, StandardCharsets.UTF_8);
    }
    if (type == byte[].class) {
      return payload;
    }
    return serializer.deserialize(payload, type);
  }

  private static String uidHint(@Nullable Class<? extends Annotation> uidAnnotation, String lead) {
    return uidAnnotation == null
        ? ""
        : lead + " String annotated @" + uidAnnotation.getSimpleName();
  }

  static IllegalArgumentException invalid(Method method, String problem) {
    return new IllegalArgumentException(
        "Method " + describe(method) + " cannot be a listener: " + problem);
  }

  /** {@code com.example.Orders.handle(String, SafeRedisQueueItem)}. */
  static String describe(Method method) {
    return method.getDeclaringClass().getName()
        + "."
        + method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  @Override
  public String toString() {
    return "MethodSafeQueueListenerEndpoint[id="
        + getId()
        + ", queue="
        + getQueueName()
        + ", method="
        + describe(method)
        + "]";
  }

  private enum ArgumentKind {
    PAYLOAD,
    ITEM,
    UID
  }
}

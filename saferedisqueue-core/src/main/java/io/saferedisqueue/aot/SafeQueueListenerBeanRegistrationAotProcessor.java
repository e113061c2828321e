package io.saferedisqueue.aot;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * At build time, finds the {@link SafeQueueListener @SafeQueueListener} methods of each bean and
 * registers what the listener infrastructure does reflectively at run time: invoking the method,
 * and binding its payload parameter (JSON into a record or POJO; for a batch listener's {@code
 * List<T>}, the element type {@code T}) and its result (sent on to a next queue) with {@link
 * BindingReflectionHintsRegistrar}, as Spring AMQP and Spring Kafka do for their listeners.
 * Registered in {@code META-INF/spring/aot.factories}.
 */
public class SafeQueueListenerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

  @Override
  public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
    Class<?> type = ClassUtils.getUserClass(bean.getBeanClass());
    List<Method> methods = listenerMethods(type);
    if (methods.isEmpty()) {
      return null;
    }
    return (context, code) -> registerHints(context.getRuntimeHints(), methods);
  }

  /** The listener methods of a class, on the class itself, its superclasses and interfaces. */
  static List<Method> listenerMethods(Class<?> type) {
    List<Method> methods = new ArrayList<>();
    ReflectionUtils.doWithMethods(
        type,
        methods::add,
        method ->
            MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY)
                .isPresent(SafeQueueListener.class));
    return methods;
  }

  static void registerHints(RuntimeHints hints, List<Method> methods) {
    BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
    for (Method method : methods) {
      hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
      // A result handed off to a next queue (@SafeQueueSendTo) is written by its serializer.
      if (method.getReturnType() != void.class && needsBinding(method.getReturnType())) {
        binding.registerReflectionHints(hints.reflection(), method.getGenericReturnType());
      }
      Parameter[] parameters = method.getParameters();
      for (int i = 0; i < parameters.length; i++) {
        Class<?> parameterType = parameters[i].getType();
        if (parameterType == List.class) {
          // A batch listener's List<T>: each element is a payload the serializer reads into T.
          ResolvableType element =
              ResolvableType.forMethodParameter(method, i).asCollection().getGeneric(0);
          Class<?> elementType = element.resolve();
          if (elementType != null && needsBinding(elementType)) {
            binding.registerReflectionHints(hints.reflection(), elementType);
          }
        } else if (needsBinding(parameterType)) {
          Type generic = parameters[i].getParameterizedType();
          binding.registerReflectionHints(hints.reflection(), generic);
        }
      }
    }
  }

  private static boolean needsBinding(Class<?> type) {
    return !(type.isPrimitive()
        || type == String.class
        || type == byte[].class
        || type == SafeRedisQueueItem.class);
  }
}

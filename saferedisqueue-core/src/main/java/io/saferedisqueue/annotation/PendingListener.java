package io.saferedisqueue.annotation;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.beans.factory.BeanInitializationException;

/** A listener method of a bean, seen before the endpoints are created. */
record PendingListener(Object bean, String beanName, Method method, SafeQueueListener annotation) {

  /** The start-up failure of this listener method, naming the method, the bean and the problem. */
  BeanInitializationException invalid(String problem) {
    return new BeanInitializationException(
        "Invalid @SafeQueueListener method "
            + describe(method)
            + " on bean '"
            + beanName
            + "': "
            + problem);
  }

  static String describe(Method method) {
    return method.getDeclaringClass().getName()
        + "."
        + method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }
}

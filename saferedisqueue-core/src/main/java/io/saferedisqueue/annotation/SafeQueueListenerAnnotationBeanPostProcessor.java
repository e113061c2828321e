package io.saferedisqueue.annotation;

import io.saferedisqueue.config.SafeQueueListenerConfigUtils;
import io.saferedisqueue.config.SafeQueueListenerContainerFactory;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.AbstractSafeQueueListenerEndpoint;
import io.saferedisqueue.listener.MethodSafeQueueBatchListenerEndpoint;
import io.saferedisqueue.listener.MethodSafeQueueListenerEndpoint;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * Finds {@link SafeQueueListener @SafeQueueListener} methods on beans and registers a listener
 * container for each with the {@link SafeQueueListenerEndpointRegistry}. Registered by {@link
 * EnableSafeQueueListeners @EnableSafeQueueListeners}.
 *
 * <p>Each bean class is inspected once (the result is cached per class). Annotations are looked up
 * with {@link MergedAnnotations} on the ultimate target class, so they are found on AOP proxies
 * (JDK or CGLIB) as well, and on interfaces, superclasses and meta-annotations; the method is then
 * invoked through the proxy. Endpoints are created once all singletons exist ({@link
 * SmartInitializingSingleton}), so container factories, error handlers and queue factories may be
 * defined anywhere; for beans created later (lazy beans) they are created, and started if the
 * registry runs, right away.
 *
 * <p>Attributes are resolved with the bean factory's embedded value resolver ({@code ${...}}) and
 * its expression resolver ({@code #{...}}). Anything invalid throws a {@link
 * BeanInitializationException} that fails the application start-up and names the bean, the method
 * and the problem.
 */
public class SafeQueueListenerAnnotationBeanPostProcessor
    implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

  private static final Log logger =
      LogFactory.getLog(SafeQueueListenerAnnotationBeanPostProcessor.class);

  private final Map<Class<?>, Map<Method, SafeQueueListener>> listenerMethodsByClass =
      new ConcurrentHashMap<>();
  private final List<PendingListener> pending = new ArrayList<>();
  private @Nullable ConfigurableListableBeanFactory beanFactory;
  private @Nullable ListenerAttributes attributes;
  private @Nullable SafeQueueListenerContainerFactory createdDefaultFactory;
  private volatile boolean singletonsInstantiated;

  /**
   * Needs a {@link ConfigurableListableBeanFactory}, as every application context has.
   *
   * @throws IllegalArgumentException for another kind of bean factory
   */
  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    if (!(beanFactory instanceof ConfigurableListableBeanFactory configurable)) {
      throw new IllegalArgumentException(
          "SafeQueueListenerAnnotationBeanPostProcessor needs a ConfigurableListableBeanFactory,"
              + " was "
              + beanFactory.getClass().getName());
    }
    this.beanFactory = configurable;
    this.attributes =
        new ListenerAttributes(configurable, new BeanExpressionContext(configurable, null));
  }

  /** Runs last among ordered post-processors, so that it sees beans as proxied. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  /** Remembers the bean's listener methods, if any; the bean is returned unchanged. */
  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
    Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
    Map<Method, SafeQueueListener> methods =
        listenerMethodsByClass.computeIfAbsent(targetClass, this::findListenerMethods);
    if (methods.isEmpty()) {
      return bean;
    }
    synchronized (pending) {
      methods.forEach(
          (method, annotation) ->
              pending.add(new PendingListener(bean, beanName, method, annotation)));
    }
    if (singletonsInstantiated) {
      registerPending();
    }
    return bean;
  }

  private Map<Method, SafeQueueListener> findListenerMethods(Class<?> targetClass) {
    if (!AnnotationUtils.isCandidateClass(targetClass, SafeQueueListener.class)) {
      return Map.of();
    }
    Map<Method, SafeQueueListener> found =
        MethodIntrospector.selectMethods(
            targetClass,
            (MethodIntrospector.MetadataLookup<SafeQueueListener>)
                method -> {
                  MergedAnnotation<SafeQueueListener> annotation =
                      MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY)
                          .get(SafeQueueListener.class);
                  return annotation.isPresent() ? annotation.synthesize() : null;
                });
    if (found.isEmpty()) {
      return Map.of();
    }
    if (logger.isDebugEnabled()) {
      logger.debug(found.size() + " @SafeQueueListener method(s) on " + targetClass.getName());
    }
    return Collections.unmodifiableMap(found);
  }

  /** Creates and registers the endpoints of all beans seen so far. */
  @Override
  public void afterSingletonsInstantiated() {
    singletonsInstantiated = true;
    registerPending();
  }

  private void registerPending() {
    List<PendingListener> todo;
    synchronized (pending) {
      todo = new ArrayList<>(pending);
      pending.clear();
    }
    if (todo.isEmpty()) {
      return;
    }
    SafeQueueListenerEndpointRegistry registry = registry();
    for (PendingListener listener : todo) {
      AbstractSafeQueueListenerEndpoint endpoint = createEndpoint(listener, registry);
      SafeQueueListenerContainerFactory factory = containerFactory(listener);
      try {
        registry.registerListenerContainer(endpoint, factory, true);
      } catch (IllegalArgumentException | IllegalStateException ex) {
        throw listener.invalid(ex.getMessage());
      }
    }
  }

  private AbstractSafeQueueListenerEndpoint createEndpoint(
      PendingListener listener, SafeQueueListenerEndpointRegistry registry) {
    SafeQueueListener annotation = listener.annotation();
    String queue = attributes().resolve(listener, "queue", annotation.queue());
    if (queue.isBlank()) {
      throw listener.invalid(
          "queue "
              + ListenerAttributes.describe(annotation.queue(), queue)
              + " is empty; give the name of the queue to consume");
    }
    String id = attributes().resolve(listener, "id", annotation.id()).trim();
    if (id.isEmpty()) {
      id = generateId(listener, registry.getListenerContainerIds());
    }
    boolean batch = Boolean.TRUE.equals(attributes().flag(listener, "batch", annotation.batch()));
    Integer consumerBatchSize = attributes().consumerBatchSize(listener, batch);
    AbstractSafeQueueListenerEndpoint endpoint;
    try {
      endpoint =
          batch
              ? new MethodSafeQueueBatchListenerEndpoint(
                  id, queue, exposedBean(listener), listener.method())
              : new MethodSafeQueueListenerEndpoint(
                  id, queue, exposedBean(listener), listener.method(), SafeQueueUid.class);
    } catch (IllegalArgumentException ex) {
      throw new BeanInitializationException(
          "Invalid @SafeQueueListener on bean '" + listener.beanName() + "': " + ex.getMessage(),
          ex);
    }
    int[] concurrency = attributes().concurrency(listener);
    if (concurrency != null) {
      endpoint.setConcurrency(concurrency[0], concurrency[1]);
    }
    endpoint.setConsumerBatchSize(consumerBatchSize);
    endpoint.setAutoStartup(attributes().flag(listener, "autoStartup", annotation.autoStartup()));
    endpoint.setErrorHandler(errorHandler(listener));
    endpoint.setMaxDeliveries(attributes().maxDeliveries(listener));
    endpoint.setNotRetryable(List.of(listener.annotation().notRetryable()));
    MergedAnnotation<SafeQueueSendTo> sendTo =
        MergedAnnotations.from(listener.method(), SearchStrategy.TYPE_HIERARCHY)
            .get(SafeQueueSendTo.class);
    if (sendTo.isPresent() && endpoint instanceof MethodSafeQueueListenerEndpoint single) {
      String next = attributes().resolve(listener, "sendTo", sendTo.getString("value")).trim();
      if (next.isEmpty()) {
        throw listener.invalid("@SafeQueueSendTo names no queue");
      }
      try {
        single.setSendTo(next);
      } catch (IllegalArgumentException ex) {
        throw listener.invalid(ex.getMessage());
      }
    } else if (sendTo.isPresent()) {
      throw listener.invalid("@SafeQueueSendTo is not supported on a batch listener");
    }
    return endpoint;
  }

  private @Nullable SafeQueueErrorHandler errorHandler(PendingListener listener) {
    String name =
        attributes().resolve(listener, "errorHandler", listener.annotation().errorHandler()).trim();
    if (name.isEmpty()) {
      return null;
    }
    return bean(listener, "errorHandler", name, SafeQueueErrorHandler.class);
  }

  private SafeQueueListenerContainerFactory containerFactory(PendingListener listener) {
    String name =
        attributes()
            .resolve(listener, "containerFactory", listener.annotation().containerFactory())
            .trim();
    if (!name.isEmpty()) {
      return bean(listener, "containerFactory", name, SafeQueueListenerContainerFactory.class);
    }
    ConfigurableListableBeanFactory factory = beanFactory();
    String defaultName = SafeQueueListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME;
    if (factory.containsBean(defaultName)) {
      return bean(
          listener, "containerFactory", defaultName, SafeQueueListenerContainerFactory.class);
    }
    SafeQueueListenerContainerFactory unique =
        factory.getBeanProvider(SafeQueueListenerContainerFactory.class).getIfUnique();
    if (unique != null) {
      return unique;
    }
    String[] containerFactories =
        factory.getBeanNamesForType(SafeQueueListenerContainerFactory.class);
    if (containerFactories.length > 0) {
      throw listener.invalid(
          "no containerFactory given, no SafeQueueListenerContainerFactory bean named '"
              + defaultName
              + "' and several others "
              + Arrays.toString(containerFactories)
              + "; name one in containerFactory, call one '"
              + defaultName
              + "' or mark one @Primary");
    }
    synchronized (this) {
      if (createdDefaultFactory == null) {
        SafeRedisQueueFactory queueFactory =
            factory.getBeanProvider(SafeRedisQueueFactory.class).getIfUnique();
        if (queueFactory == null) {
          throw listener.invalid(
              "there is no SafeQueueListenerContainerFactory bean named '"
                  + defaultName
                  + "' and no single SafeRedisQueueFactory bean to create one from (SafeRedisQueueFactory"
                  + " beans: "
                  + Arrays.toString(factory.getBeanNamesForType(SafeRedisQueueFactory.class))
                  + "); define a SafeRedisQueueFactory bean, such as new"
                  + " DefaultSafeRedisQueueFactory(redisConnectionFactory), or a"
                  + " SafeQueueListenerContainerFactory bean named '"
                  + defaultName
                  + "'");
        }
        createdDefaultFactory = new SafeQueueListenerContainerFactory(queueFactory);
      }
      return createdDefaultFactory;
    }
  }

  private <T> T bean(PendingListener listener, String attribute, String name, Class<T> type) {
    ConfigurableListableBeanFactory factory = beanFactory();
    try {
      return factory.getBean(name, type);
    } catch (BeanNotOfRequiredTypeException ex) {
      throw listener.invalid(
          attribute
              + " '"
              + name
              + "' is a "
              + ex.getActualType().getName()
              + ", not a "
              + type.getSimpleName());
    } catch (NoSuchBeanDefinitionException ex) {
      throw listener.invalid(
          attribute
              + " '"
              + name
              + "' is not the name of a bean; "
              + type.getSimpleName()
              + " beans: "
              + Arrays.toString(factory.getBeanNamesForType(type)));
    }
  }

  private static String generateId(PendingListener listener, Set<String> taken) {
    String base = listener.beanName() + "." + listener.method().getName();
    String id = base;
    for (int n = 2; taken.contains(id); n++) {
      id = base + "#" + n;
    }
    return id;
  }

  /**
   * The bean as the context exposes it. A post-processor that runs after this one (one without an
   * order, for example) may have wrapped the bean in a proxy since this one saw it; the listener
   * must be invoked through that proxy.
   */
  private Object exposedBean(PendingListener listener) {
    ConfigurableListableBeanFactory factory = beanFactory();
    if (factory.containsSingleton(listener.beanName())) {
      Object singleton = factory.getSingleton(listener.beanName());
      if (singleton != null
          && AopProxyUtils.ultimateTargetClass(singleton)
              == AopProxyUtils.ultimateTargetClass(listener.bean())) {
        return singleton;
      }
    }
    return listener.bean();
  }

  private SafeQueueListenerEndpointRegistry registry() {
    String name = SafeQueueListenerConfigUtils.SAFE_QUEUE_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME;
    ConfigurableListableBeanFactory factory = beanFactory();
    if (!factory.containsBean(name)) {
      throw new IllegalStateException(
          "No SafeQueueListenerEndpointRegistry bean named '"
              + name
              + "'; register the listener infrastructure with @EnableSafeQueueListeners");
    }
    return factory.getBean(name, SafeQueueListenerEndpointRegistry.class);
  }

  private ConfigurableListableBeanFactory beanFactory() {
    ConfigurableListableBeanFactory factory = beanFactory;
    if (factory == null) {
      throw new IllegalStateException("No BeanFactory set");
    }
    return factory;
  }

  private ListenerAttributes attributes() {
    ListenerAttributes resolver = attributes;
    if (resolver == null) {
      throw new IllegalStateException("No BeanFactory set");
    }
    return resolver;
  }
}

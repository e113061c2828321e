package io.saferedisqueue.annotation;

import io.saferedisqueue.config.SafeQueueListenerConfigUtils;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the listener infrastructure beans under the names of {@link
 * SafeQueueListenerConfigUtils}, each only if no bean of that name exists yet, so importing it
 * several times is harmless. Imported by {@link EnableSafeQueueListeners}.
 */
public class SafeQueueListenerBootstrapConfiguration implements ImportBeanDefinitionRegistrar {

  /** Registers the annotation post-processor and the endpoint registry when they are missing. */
  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
    register(
        registry,
        SafeQueueListenerConfigUtils.SAFE_QUEUE_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME,
        SafeQueueListenerAnnotationBeanPostProcessor.class);
    register(
        registry,
        SafeQueueListenerConfigUtils.SAFE_QUEUE_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
        SafeQueueListenerEndpointRegistry.class);
  }

  private static void register(BeanDefinitionRegistry registry, String name, Class<?> type) {
    if (!registry.containsBeanDefinition(name)) {
      RootBeanDefinition definition = new RootBeanDefinition(type);
      definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
      registry.registerBeanDefinition(name, definition);
    }
  }
}

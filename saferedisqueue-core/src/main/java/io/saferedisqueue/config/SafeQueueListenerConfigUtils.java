package io.saferedisqueue.config;

/**
 * Names of the listener infrastructure beans, shared by {@code @EnableSafeQueueListeners} and the
 * Spring Boot starter.
 */
public final class SafeQueueListenerConfigUtils {

  /** Bean name of the {@code SafeQueueListenerAnnotationBeanPostProcessor}. */
  public static final String SAFE_QUEUE_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME =
      "io.saferedisqueue.config.internalSafeQueueListenerAnnotationProcessor";

  /** Bean name of the {@code SafeQueueListenerEndpointRegistry}. */
  public static final String SAFE_QUEUE_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME =
      "io.saferedisqueue.config.internalSafeQueueListenerEndpointRegistry";

  /**
   * Bean name of the {@link SafeQueueListenerContainerFactory} that listeners use unless their
   * annotation names another.
   */
  public static final String DEFAULT_CONTAINER_FACTORY_BEAN_NAME =
      "safeQueueListenerContainerFactory";

  private SafeQueueListenerConfigUtils() {}
}

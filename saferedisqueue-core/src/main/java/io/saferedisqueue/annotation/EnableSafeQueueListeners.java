package io.saferedisqueue.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Switches on {@link SafeQueueListener @SafeQueueListener} methods, as {@code @EnableRabbit} does:
 * registers the {@link SafeQueueListenerAnnotationBeanPostProcessor} and the {@link
 * io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry} that runs the listener containers.
 * Importing it more than once (also through the Spring Boot starter) registers them once.
 *
 * <p>The application needs a {@code SafeQueueListenerContainerFactory} bean named {@code
 * safeQueueListenerContainerFactory}, or a single {@code SafeRedisQueueFactory} bean from which a
 * container factory with default settings is made.
 *
 * <pre class="code">
 * &#64;Configuration
 * &#64;EnableSafeQueueListeners
 * class QueueConfig {
 *   &#64;Bean
 *   SafeRedisQueueFactory queueFactory(RedisConnectionFactory connectionFactory) {
 *     return new DefaultSafeRedisQueueFactory(connectionFactory);
 *   }
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(SafeQueueListenerBootstrapConfiguration.class)
public @interface EnableSafeQueueListeners {}

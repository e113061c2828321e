package io.saferedisqueue.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of a queue's items, as {@code @RabbitListener} does for AMQP.
 * Needs {@link EnableSafeQueueListeners @EnableSafeQueueListeners} (the Spring Boot starter
 * switches it on).
 *
 * <p>For each item the method is invoked with, depending on its parameters, the payload (as {@code
 * String}, {@code byte[]}, or any other type read by the container factory's {@code
 * PayloadSerializer}, JSON by default), the whole {@link io.saferedisqueue.core.SafeRedisQueueItem}
 * and the uid (a {@code String} annotated {@link SafeQueueUid @SafeQueueUid}). When the method
 * returns, the item is acked (deleted); when it throws, the item goes to the error handler, which
 * by default retries it with the back-off up to {@link #maxDeliveries} deliveries and then
 * dead-letters it (dead-letters it at once when the payload cannot be converted or the error is of
 * a {@link #notRetryable} type). Delivery is at-least-once, so the method should be idempotent.
 *
 * <p>Every attribute is a {@code String} in which {@code ${...}} placeholders and {@code #{...}}
 * SpEL expressions are resolved, so values can come from configuration: {@code concurrency =
 * "${orders.concurrency:4}"}. A method that cannot be bound, or an attribute that is invalid after
 * resolution, fails application start-up with a message naming the bean, the method and the
 * problem.
 *
 * <p>The annotation is found on the bean's class (or an interface or superclass) even when the bean
 * is an AOP proxy, and the method is invoked through the proxy, so {@code @Transactional} and other
 * advice apply. It may be used as a meta-annotation.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SafeQueueListener {

  /**
   * Name of the queue to consume (the {@code NAME} of the Redis keys {@code srq:NAME:*}); must not
   * be empty after resolution.
   */
  String queue();

  /**
   * Unique id of the listener, for {@code SafeQueueListenerEndpointRegistry} and thread names.
   * Default: {@code <beanName>.<methodName>} (with {@code #2}, {@code #3}, ... appended when that
   * is taken).
   */
  String id() default "";

  /**
   * Number of workers, a whole number {@code >= 1} such as {@code "4"}, or a range {@code
   * "min-max"} such as {@code "2-16"}: that many workers always run, more start while items wait
   * (up to max) and end again after the worker idle timeout. Default: the container factory's
   * concurrency.
   */
  String concurrency() default "";

  /**
   * Whether the container starts with the application context: {@code "true"} or {@code "false"}.
   * Default: the container factory's setting. A container not started can be started through the
   * registry.
   */
  String autoStartup() default "";

  /**
   * Bean name of the {@code SafeQueueListenerContainerFactory} to create the container with.
   * Default: the bean named {@code safeQueueListenerContainerFactory}; without one, a factory with
   * default settings on the application's single {@code SafeRedisQueueFactory}.
   */
  String containerFactory() default "";

  /**
   * Bean name of a {@code SafeQueueErrorHandler} for this listener. Default: the container
   * factory's error handler.
   */
  String errorHandler() default "";

  /**
   * Deliveries after which a failing item is dead-lettered, a whole number {@code >= 1}, or {@code
   * "0"} for never. Default: the container factory's (5 in the starter).
   */
  String maxDeliveries() default "";

  /**
   * Whether the method is a batch listener: {@code "true"} or {@code "false"} (default, also when
   * empty). A batch listener method has one parameter, a {@code List<T>} of payloads ({@code T}
   * read as a single-item listener's payload parameter is: {@code String}, {@code byte[]}, or any
   * type the queue's {@code PayloadSerializer} reads) or a {@code List<SafeRedisQueueItem>}, and is
   * called with up to {@link #consumerBatchSize} items at once: those waiting when a worker becomes
   * free, never waiting for more. Its return acks them all in one round trip; an exception fails
   * every item (each retried or dead-lettered by its own delivery count), and a {@code
   * SafeQueueBatchFailedException} fails only the items it names, acking the others. Each of the
   * {@link #concurrency} workers runs one batch at a time. {@code @SafeQueueSendTo} and uid
   * parameters are not supported on batch listeners.
   */
  String batch() default "";

  /**
   * Most items per call of a batch listener, a whole number from 1 to 10000; only with {@code batch
   * = "true"}. Default: the container factory's (16 unless set; the starter's {@code
   * saferedisqueue.listener.consumer-batch-size}). Not the same as the fetcher's {@code
   * batch-size}, which is how many items one round trip to Redis takes.
   */
  String consumerBatchSize() default "";

  /**
   * Exception types (also as a cause) after which an item is dead-lettered at once instead of
   * retried; a payload that cannot be converted always is.
   */
  Class<? extends Throwable>[] notRetryable() default {};
}

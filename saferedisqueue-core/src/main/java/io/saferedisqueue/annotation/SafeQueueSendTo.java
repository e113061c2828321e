package io.saferedisqueue.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link SafeQueueListener @SafeQueueListener} method: what the method returns is the next
 * step of a pipeline, pushed into this queue in the same atomic script that acks the item it
 * handled ({@code SafeRedisQueue#handOff}), so between two queues a step is never lost nor
 * repeated. That needs both queues on one Redis and, on Redis Cluster, in one hash slot (the same
 * hash tag: {@code {orders}.paid} and {@code {orders}.shipped}); otherwise the result is pushed and
 * then the item acked (at-least-once). A {@code null} return acks the item and pushes nothing.
 * {@code String} results are pushed as UTF-8, {@code byte[]} as they are, anything else written by
 * the next queue's serializer.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SafeQueueSendTo {

  /** Name of the next queue; {@code ${...}} placeholders are resolved. */
  String value();
}

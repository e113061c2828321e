package io.saferedisqueue.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the item's uid to a {@code String} parameter of a {@link
 * SafeQueueListener @SafeQueueListener} method, for example to log it or to make processing
 * idempotent. A parameter of another type fails start-up.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SafeQueueUid {}

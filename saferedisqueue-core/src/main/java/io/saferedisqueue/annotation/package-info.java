/**
 * The annotation-driven listener model, as spring-rabbit's: {@link
 * io.saferedisqueue.annotation.SafeQueueListener @SafeQueueListener} on a method, switched on by
 * {@link io.saferedisqueue.annotation.EnableSafeQueueListeners @EnableSafeQueueListeners}, and the
 * bean post-processor that turns annotated methods into listener endpoints.
 */
@NullMarked
package io.saferedisqueue.annotation;

import org.jspecify.annotations.NullMarked;

/**
 * Spring Boot auto-configuration of saferedisqueue: queues, a queue factory and the autoclean job
 * from {@code saferedisqueue.*} properties, and {@code @SafeQueueListener} support.
 */
@NullMarked
package io.saferedisqueue.autoconfigure;

import org.jspecify.annotations.NullMarked;

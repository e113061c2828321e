/**
 * Configuration of listener containers: the {@link
 * io.saferedisqueue.config.SafeQueueListenerContainerFactory} holding the container settings, and
 * the names of the infrastructure beans.
 */
@NullMarked
package io.saferedisqueue.config;

import org.jspecify.annotations.NullMarked;

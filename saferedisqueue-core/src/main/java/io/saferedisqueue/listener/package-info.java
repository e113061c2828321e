/**
 * Listener endpoints, the containers that consume a queue on their own threads, and the {@link
 * io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry} that owns and runs them.
 */
@NullMarked
package io.saferedisqueue.listener;

import org.jspecify.annotations.NullMarked;

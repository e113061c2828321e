/**
 * Micrometer Observation support: the observations of pushes (producer side) and of listener
 * invocations (consumer side), their contexts, which carry the trace context through the queue's
 * headers hash, and their conventions. With an {@code ObservationRegistry} that has a meter handler
 * they give timers; with tracing handlers, spans whose trace continues from producer to consumer.
 */
@NullMarked
package io.saferedisqueue.observation;

import org.jspecify.annotations.NullMarked;

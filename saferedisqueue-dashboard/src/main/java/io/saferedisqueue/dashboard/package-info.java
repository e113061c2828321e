/**
 * The saferedisqueue web dashboard: queues, in-flight items, delayed items, dead letters and
 * listeners in a browser page served by the application itself, with its auto-configuration.
 */
@NullMarked
package io.saferedisqueue.dashboard;

import org.jspecify.annotations.NullMarked;

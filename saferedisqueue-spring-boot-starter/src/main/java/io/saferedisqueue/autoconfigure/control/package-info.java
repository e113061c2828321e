/**
 * What the Actuator endpoint and the dashboard read and do with the application's queues and
 * listeners, written once: finding them by name, the actions on dead letters and listeners, and the
 * state of a listener.
 */
@NullMarked
package io.saferedisqueue.autoconfigure.control;

import org.jspecify.annotations.NullMarked;

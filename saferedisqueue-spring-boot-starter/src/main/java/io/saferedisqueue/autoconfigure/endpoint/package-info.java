/** The {@code saferedisqueue} Actuator endpoint and its auto-configuration. */
@NullMarked
package io.saferedisqueue.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;

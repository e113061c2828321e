/** Auto-configuration of the observations of pushes and listener invocations. */
@NullMarked
package io.saferedisqueue.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;

/** Auto-configuration of the saferedisqueue health contributor. */
@NullMarked
package io.saferedisqueue.autoconfigure.health;

import org.jspecify.annotations.NullMarked;

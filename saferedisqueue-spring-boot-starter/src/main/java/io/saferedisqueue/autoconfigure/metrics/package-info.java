/** Auto-configuration of the queues' Micrometer counters and gauges. */
@NullMarked
package io.saferedisqueue.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;

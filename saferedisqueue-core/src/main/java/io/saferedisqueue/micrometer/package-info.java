/**
 * Micrometer meters of queues: counters of the items that pass through and gauges of their sizes.
 * Needs {@code io.micrometer:micrometer-core}, an optional dependency of this module.
 */
@NullMarked
package io.saferedisqueue.micrometer;

import org.jspecify.annotations.NullMarked;

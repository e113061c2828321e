/** Benchmarks of the queue: an executable jar, not a test. */
@NullMarked
package io.saferedisqueue.benchmarks;

import org.jspecify.annotations.NullMarked;

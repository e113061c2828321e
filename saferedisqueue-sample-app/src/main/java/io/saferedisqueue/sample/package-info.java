/**
 * A Spring Boot application using the saferedisqueue starter as a user would, plus the command line
 * of the Python library's seed ({@code producer} / {@code consumer}).
 */
@NullMarked
package io.saferedisqueue.sample;

import org.jspecify.annotations.NullMarked;

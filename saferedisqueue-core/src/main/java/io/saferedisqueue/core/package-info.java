/**
 * The queue: {@link io.saferedisqueue.core.SafeRedisQueue}, wire-compatible with the Python {@code
 * saferedisqueue}, on Spring Data Redis and atomic Lua scripts.
 */
@NullMarked
package io.saferedisqueue.core;

import org.jspecify.annotations.NullMarked;

/** Local {@code redis-server} processes for tests, fault tests and demos. */
@NullMarked
package io.saferedisqueue.localredis;

import org.jspecify.annotations.NullMarked;

/** JUnit Jupiter support: a real Redis for each test class. */
@NullMarked
package io.saferedisqueue.localredis.junit;

import org.jspecify.annotations.NullMarked;

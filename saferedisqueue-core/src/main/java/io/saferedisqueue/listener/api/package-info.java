/**
 * Small strategies of the listener containers: what handles an item, what happens to an item whose
 * handler failed.
 */
@NullMarked
package io.saferedisqueue.listener.api;

import org.jspecify.annotations.NullMarked;

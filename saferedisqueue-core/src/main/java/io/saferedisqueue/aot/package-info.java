/**
 * Ahead-of-time processing support: runtime hints for the queue's Lua scripts and for the methods
 * and payload types of {@code @SafeQueueListener} beans, so AOT-processed applications and native
 * images find them.
 */
@NullMarked
package io.saferedisqueue.aot;

import org.jspecify.annotations.NullMarked;

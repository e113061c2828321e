/**
 * Internal: the queue's Lua scripts, not API. They may change in any release without notice;
 * applications use {@link io.saferedisqueue.core.SafeRedisQueue} and the other types of {@code
 * io.saferedisqueue.core}, as Spring Data Redis keeps {@code core.script} beside its {@code core}.
 *
 * <p>{@link io.saferedisqueue.core.script.QueueScript} loads one script ({@code
 * io/saferedisqueue/core/scripts/NAME.lua}) once, with what its header declares (keys, arguments)
 * and the description it is declared with, for error messages. One class per script ({@code
 * PushScript}, {@code PopScript}, ...) knows its {@code KEYS}, {@code ARGV} and reply: the
 * protocol, apart from the transport ({@link io.saferedisqueue.core.redis.QueueRedis}) that sends
 * it. Adding a script means adding its {@code .lua} file and its class, nothing else.
 *
 * <p>This package refers to the transport and to the value types and exceptions of {@code
 * io.saferedisqueue.core}, never to the facade or the roles behind it.
 */
@NullMarked
package io.saferedisqueue.core.script;

import org.jspecify.annotations.NullMarked;

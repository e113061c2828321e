/**
 * Internal: the Redis transport of the queue, not API. It may change in any release without notice;
 * applications use {@link io.saferedisqueue.core.SafeRedisQueue} and the other types of {@code
 * io.saferedisqueue.core}, as Spring's {@code support} packages sit beside the API they implement.
 *
 * <p>{@link io.saferedisqueue.core.redis.QueueRedis} is the one place a queue talks to Redis
 * (scripts, commands, blocking moves, durable writes with {@code WAIT}), and {@link
 * io.saferedisqueue.core.redis.RedisEndpoint} translates every Redis error into the queue's
 * exceptions. Around them: the server probe and checks, the encoding of arguments and replies
 * ({@code Codec}, header lines), argument checks, hash tags, and the step budget of long scans.
 *
 * <p>This package is the lowest of the queue's packages: it refers only to the value types and
 * exceptions of {@code io.saferedisqueue.core}, never to the facade, the scripts or the roles.
 */
@NullMarked
package io.saferedisqueue.core.redis;

import org.jspecify.annotations.NullMarked;

/**
 * Sharded queues: one logical queue spread over N ordinary queues, its shards, so that a queue can
 * be bigger and busier than one Redis node. {@link
 * io.saferedisqueue.core.shard.SafeRedisQueueShards} is another implementation of {@link
 * io.saferedisqueue.core.SafeRedisQueueOperations}; {@link
 * io.saferedisqueue.core.shard.SafeRedisQueueShardNames} holds the naming rule {@code {NAME-i}} and
 * the key-to-shard function. Everything that knows about shards lives here; code above holds the
 * operations interface and asks for its {@link
 * io.saferedisqueue.core.SafeRedisQueueOperations#parts() parts}.
 */
@NullMarked
package io.saferedisqueue.core.shard;

import org.jspecify.annotations.NullMarked;

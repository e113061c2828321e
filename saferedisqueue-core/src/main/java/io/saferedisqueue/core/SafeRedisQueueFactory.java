package io.saferedisqueue.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Hands out the {@link SafeRedisQueue} of a name, creating it on first use and returning the same
 * instance afterwards. Listener containers and applications use it to reach queues by name.
 */
public interface SafeRedisQueueFactory {

  /**
   * The queue with this name.
   *
   * @throws IllegalArgumentException when the name is null or blank, or names a sharded queue (use
   *     {@link #getShards} for that, or a shard's own name {@code {NAME-i}})
   */
  SafeRedisQueue getQueue(String name);

  /** The queues handed out so far, the shards of sharded queues included. */
  Collection<SafeRedisQueue> getQueues();

  /**
   * The sharded queue of this name, when this factory shards it; empty for an ordinary queue (by
   * default, always). Its shards are queues of this factory ({@link #getQueue} with {@code
   * {NAME-i}}, and listed by {@link #getQueues()}).
   */
  default Optional<SafeRedisQueueShards> getShards(String name) {
    return Optional.empty();
  }

  /** The sharded queues handed out so far (by default none). */
  default Collection<SafeRedisQueueShards> getShardedQueues() {
    return List.of();
  }
}

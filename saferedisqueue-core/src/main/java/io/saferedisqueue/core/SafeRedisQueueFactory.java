package io.saferedisqueue.core;

import java.util.Collection;

/**
 * Hands out the {@link SafeRedisQueue} of a name, creating it on first use and returning the same
 * instance afterwards. Listener containers and applications use it to reach queues by name.
 */
public interface SafeRedisQueueFactory {

  /**
   * The queue with this name.
   *
   * @throws IllegalArgumentException when the name is null or blank
   */
  SafeRedisQueue getQueue(String name);

  /** The queues handed out so far. */
  Collection<SafeRedisQueue> getQueues();
}

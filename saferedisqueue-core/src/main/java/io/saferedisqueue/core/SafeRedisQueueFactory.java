package io.saferedisqueue.core;

import java.util.Collection;
import java.util.List;

/**
 * Hands out the {@link SafeRedisQueue} of a name, creating it on first use and returning the same
 * instance afterwards. Listener containers and applications use it to reach queues by name.
 */
public interface SafeRedisQueueFactory {

  /**
   * The queue with this name.
   *
   * @throws IllegalArgumentException when the name is null or blank, or names a queue of several
   *     parts (use {@link #getOperations} for that, or one part's own name)
   */
  SafeRedisQueue getQueue(String name);

  /** The queues handed out so far, the parts of queues of several parts included. */
  Collection<SafeRedisQueue> getQueues();

  /**
   * The operations of the queue of this name: the plain queue ({@link #getQueue}, the default), or
   * the queue this factory spreads over several parts (each a queue of this factory, listed by
   * {@link #getQueues()}). Listener containers ask it for its {@link
   * SafeRedisQueueOperations#parts() parts} and run on each.
   *
   * @throws IllegalArgumentException when the name is null or blank
   */
  default SafeRedisQueueOperations getOperations(String name) {
    return getQueue(name);
  }

  /**
   * The queues of several parts handed out so far by {@link #getOperations} (by default none), so
   * that views can show their totals beside their parts.
   */
  default Collection<SafeRedisQueueOperations> getLogicalQueues() {
    return List.of();
  }
}

package io.saferedisqueue.autoconfigure.endpoint;

import io.saferedisqueue.autoconfigure.endpoint.SafeRedisQueueEndpoint.QueueDescriptor;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueOperations;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One sharded queue in the endpoint's answer: its shards' names and the sums of their sizes (each
 * shard is also listed under {@code queues} by its own name). The sums are {@code null} when a
 * shard could not be read.
 *
 * @param shards the shards' names, in order
 * @param waiting items waiting in all shards
 * @param inFlight items in flight in all shards
 * @param delayed delayed items of all shards
 * @param dead dead letters of all shards
 * @param oldestAgeSeconds greatest known age of a shard's oldest waiting item, {@code null} when no
 *     shard knows it
 */
public record ShardedQueueDescriptor(
    List<String> shards,
    @Nullable Long waiting,
    @Nullable Long inFlight,
    @Nullable Long delayed,
    @Nullable Long dead,
    @Nullable Double oldestAgeSeconds) {

  /** The total of a sharded queue from its shards' descriptors (keyed by queue name). */
  static ShardedQueueDescriptor of(
      SafeRedisQueueOperations sharded, Map<String, QueueDescriptor> read) {
    List<String> names = sharded.parts().stream().map(SafeRedisQueue::name).toList();
    long waiting = 0;
    long inFlight = 0;
    long delayed = 0;
    long dead = 0;
    Double oldest = null;
    for (String name : names) {
      QueueDescriptor shard = read.get(name);
      if (shard == null
          || shard.waiting() == null
          || shard.inFlight() == null
          || shard.delayed() == null
          || shard.dead() == null) {
        return new ShardedQueueDescriptor(names, null, null, null, null, null);
      }
      waiting += shard.waiting();
      inFlight += shard.inFlight();
      delayed += shard.delayed();
      dead += shard.dead();
      Double age = shard.oldestAgeSeconds();
      if (age != null && (oldest == null || age > oldest)) {
        oldest = age;
      }
    }
    return new ShardedQueueDescriptor(names, waiting, inFlight, delayed, dead, oldest);
  }
}

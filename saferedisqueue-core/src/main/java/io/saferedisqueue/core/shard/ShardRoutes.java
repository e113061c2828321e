package io.saferedisqueue.core.shard;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntBiFunction;

/**
 * Where a delivered item of a sharded queue goes back to: the shard named by {@link
 * SafeRedisQueueItem#queue()}. An item of no shard of this queue is refused before anything is
 * sent.
 */
final class ShardRoutes {

  private final String name;
  private final List<SafeRedisQueue> shards;
  private final Map<String, SafeRedisQueue> byName = new LinkedHashMap<>();

  ShardRoutes(String name, List<SafeRedisQueue> shards) {
    this.name = name;
    this.shards = shards;
    shards.forEach(shard -> byName.put(shard.name(), shard));
  }

  /**
   * Runs {@code operation} once per shard among the items, with that shard's uids in item order,
   * and adds up what it returns.
   */
  int sum(
      Collection<SafeRedisQueueItem> items,
      ToIntBiFunction<SafeRedisQueue, List<String>> operation) {
    int total = 0;
    for (Map.Entry<SafeRedisQueue, List<String>> shard : uidsPerShard(items).entrySet()) {
      total += operation.applyAsInt(shard.getKey(), shard.getValue());
    }
    return total;
  }

  /** The uids per shard, in item order; every item is checked before anything is sent. */
  private Map<SafeRedisQueue, List<String>> uidsPerShard(Collection<SafeRedisQueueItem> items) {
    Objects.requireNonNull(items, "items");
    Map<SafeRedisQueue, List<String>> uids = new LinkedHashMap<>();
    for (SafeRedisQueueItem item : items) {
      uids.computeIfAbsent(partOf(item), shard -> new ArrayList<>()).add(item.uid());
    }
    return uids;
  }

  /**
   * The shard that delivered the item.
   *
   * @throws IllegalArgumentException when no shard of this queue did
   */
  SafeRedisQueue partOf(SafeRedisQueueItem item) {
    Objects.requireNonNull(item, "item");
    SafeRedisQueue shard = item.queue() == null ? null : byName.get(item.queue());
    if (shard == null) {
      if (item.queue() == null && shards.size() == 1) {
        return shards.get(0);
      }
      throw new IllegalArgumentException(
          "item "
              + item.uid()
              + " was delivered by "
              + (item.queue() == null ? "no known queue" : "queue '" + item.queue() + "'")
              + ", not by a shard of the sharded queue '"
              + name
              + "' ("
              + String.join(", ", byName.keySet())
              + ")");
    }
    return shard;
  }
}

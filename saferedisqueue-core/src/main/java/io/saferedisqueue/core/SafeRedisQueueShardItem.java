package io.saferedisqueue.core;

import java.util.Objects;

/**
 * An item delivered by a {@link SafeRedisQueueShards sharded queue}: the item and the shard it came
 * from, so that ack, fail and dead-lettering go to that shard and never have to search the others.
 * It stays in flight in its shard until it is acked or failed there.
 *
 * @param index the shard's position, 0 to {@code shardCount - 1}
 * @param shard the shard's queue (named {@code {NAME-index}})
 * @param item the item as its shard delivered it
 */
public record SafeRedisQueueShardItem(int index, SafeRedisQueue shard, SafeRedisQueueItem item) {

  /** Checks the components. */
  public SafeRedisQueueShardItem {
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(item, "item");
  }

  /** The item's uid, unique within its shard. */
  public String uid() {
    return item.uid();
  }

  /** The stored bytes. */
  public byte[] payload() {
    return item.payload();
  }

  /** The payload decoded as UTF-8. */
  public String payloadAsString() {
    return item.payloadAsString();
  }

  /** Deliveries of the item by this library's consumers, this one included. */
  public int deliveries() {
    return item.deliveries();
  }

  @Override
  public String toString() {
    return "SafeRedisQueueShardItem[shard=" + shard.name() + ", " + item + "]";
  }
}

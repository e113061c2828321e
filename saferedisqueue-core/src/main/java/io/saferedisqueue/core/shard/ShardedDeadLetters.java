package io.saferedisqueue.core.shard;

import io.saferedisqueue.core.DeadLetter;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueDeadLetters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The dead letters of all shards of a sharded queue, shard by shard: uids are unique per shard, so
 * requeuing or deleting uids asks every shard, and each acts on the ones it holds.
 */
final class ShardedDeadLetters implements SafeRedisQueueDeadLetters {

  private final List<SafeRedisQueue> shards;

  ShardedDeadLetters(List<SafeRedisQueue> shards) {
    this.shards = shards;
  }

  @Override
  public List<DeadLetter> list(long offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException(
          "offset must be >= 0 and limit >= 1, was offset " + offset + " and limit " + limit);
    }
    List<DeadLetter> found = new ArrayList<>();
    long skip = offset;
    for (SafeRedisQueue shard : shards) {
      if (found.size() >= limit) {
        break;
      }
      long count = shard.deadLetters().count();
      if (skip >= count) {
        skip -= count;
        continue;
      }
      found.addAll(shard.deadLetters().list(skip, limit - found.size()));
      skip = 0;
    }
    return found;
  }

  @Override
  public long count() {
    return shards.stream().mapToLong(shard -> shard.deadLetters().count()).sum();
  }

  @Override
  public long requeue(Collection<String> uids) {
    return shards.stream().mapToLong(shard -> shard.deadLetters().requeue(uids)).sum();
  }

  @Override
  public long requeueAll() {
    return shards.stream().mapToLong(shard -> shard.deadLetters().requeueAll()).sum();
  }

  @Override
  public long delete(Collection<String> uids) {
    return shards.stream().mapToLong(shard -> shard.deadLetters().delete(uids)).sum();
  }

  @Override
  public long deleteAll() {
    return shards.stream().mapToLong(shard -> shard.deadLetters().deleteAll()).sum();
  }
}

package io.saferedisqueue.core;

import java.util.List;
import java.util.Objects;

/**
 * One slice of a scan for the queues in a Redis database ({@link
 * SafeRedisQueueAdmin#scanQueueNames}).
 *
 * @param names names of queues whose payload hash {@code srq:NAME:items} the slice found, without
 *     repeats; a queue holding no item has no such hash and is not found
 * @param cursor where the next slice continues; {@code "0"} when this slice ended the pass
 */
public record QueueNameScan(List<String> names, String cursor) {

  /** Checks and copies the components. */
  public QueueNameScan {
    names = List.copyOf(names);
    Objects.requireNonNull(cursor, "cursor");
  }

  /** Whether this slice ended the pass over the database. */
  public boolean complete() {
    return cursor.equals("0");
  }
}

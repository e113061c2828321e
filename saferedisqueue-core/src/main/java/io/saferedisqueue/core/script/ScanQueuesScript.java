package io.saferedisqueue.core.script;

import io.saferedisqueue.core.QueueNameScan;
import io.saferedisqueue.core.SafeRedisQueueException;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.PageReads;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** {@code scanqueues.lua}: one bounded slice of a SCAN for {@code srq:*:items}. */
@SuppressWarnings("rawtypes")
public final class ScanQueuesScript {

  static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "scanqueues",
          "scanqueues",
          List.class,
          List.of(),
          List.of("cursor", "count", "steps"),
          false);

  /** Most SCAN steps, and most keys per step, one call may ask for. */
  static final int MAX_STEPS = 100;

  static final int MAX_COUNT = 10_000;

  private final QueueScript<List>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public ScanQueuesScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** One step of a scan for queue names from {@code cursor}. */
  public QueueNameScan scan(String cursor, int count, int steps) {
    if (cursor == null || !cursor.matches("\\d+")) {
      throw new IllegalArgumentException(
          "cursor must be \"0\" or the cursor of the previous slice, was " + cursor);
    }
    if (count < 1 || count > MAX_COUNT || steps < 1 || steps > MAX_STEPS) {
      throw new IllegalArgumentException(
          "count must be 1.."
              + MAX_COUNT
              + " and steps 1.."
              + MAX_STEPS
              + ", were "
              + count
              + " and "
              + steps);
    }
    return decode(bound.run(Codec.bytes(cursor), Codec.number(count), Codec.number(steps)));
  }

  /** Reply: the next cursor, then names (possibly repeated, possibly empty). */
  private static QueueNameScan decode(@Nullable List<?> reply) {
    if (reply == null || reply.isEmpty()) {
      throw new SafeRedisQueueException("Unexpected reply to the scanqueues script");
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 1; i < reply.size(); i++) {
      String name = PageReads.text(reply, i);
      if (!name.isBlank()) {
        names.add(name);
      }
    }
    return new QueueNameScan(List.copyOf(names), PageReads.text(reply, 0));
  }
}

package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueException;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueStats;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code stats.lua}: the sizes plus the age of the oldest waiting item, read together. */
@SuppressWarnings("rawtypes")
public final class StatsScript {

  /** The script, loaded once. */
  public static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "stats",
          "size reading",
          List.class,
          List.of("queue", "ackbuf", "backup", "delayed", "dead", "headers"),
          List.of(),
          false);

  private final QueueScript<List>.Bound bound;
  private final String queueName;

  /** The script bound to one queue's keys and connection. */
  public StatsScript(QueueRedis redis, SafeRedisQueueKeys keys, String queueName) {
    this.bound = SCRIPT.bind(redis, keys);
    this.queueName = queueName;
  }

  /** The queue's sizes and the ages of its oldest items, read together. */
  public SafeRedisQueueStats stats() {
    List<?> reply = bound.run();
    if (reply == null || reply.size() < 6) {
      throw new SafeRedisQueueException(
          "Unexpected reply to the stats script of queue " + queueName);
    }
    long ageMillis = Codec.longAt(reply, 5);
    return new SafeRedisQueueStats(
        SizesScript.decode(reply),
        ageMillis < 0 ? null : Duration.ofMillis(ageMillis),
        Instant.now());
  }
}

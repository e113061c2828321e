package io.saferedisqueue.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code stats.lua}: the sizes plus the age of the oldest waiting item, read together. */
@SuppressWarnings("rawtypes")
final class StatsScript {

  static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "stats",
          List.class,
          List.of("queue", "ackbuf", "backup", "delayed", "dead", "headers"),
          List.of(),
          false);

  private final QueueScript<List>.Bound bound;
  private final String queueName;

  StatsScript(QueueRedis redis, SafeRedisQueueKeys keys, String queueName) {
    this.bound = SCRIPT.bind(redis, keys);
    this.queueName = queueName;
  }

  SafeRedisQueueStats stats() {
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

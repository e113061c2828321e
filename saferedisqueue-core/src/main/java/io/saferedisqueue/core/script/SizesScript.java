package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueException;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.List;

/** {@code sizes.lua}: the lengths of the queue's lists and sets, read together. */
@SuppressWarnings("rawtypes")
public final class SizesScript {

  /** The script, loaded once. */
  public static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "sizes",
          "size reading",
          List.class,
          List.of("queue", "ackbuf", "backup", "delayed", "dead"),
          List.of(),
          false);

  private final QueueScript<List>.Bound bound;
  private final String queueName;

  /** The script bound to one queue's keys and connection. */
  public SizesScript(QueueRedis redis, SafeRedisQueueKeys keys, String queueName) {
    this.bound = SCRIPT.bind(redis, keys);
    this.queueName = queueName;
  }

  /** The queue's sizes, read together. */
  public SafeRedisQueueSizes sizes() {
    List<?> reply = bound.run();
    if (reply == null || reply.size() < 5) {
      throw new SafeRedisQueueException(
          "Unexpected reply to the sizes script of queue " + queueName);
    }
    return decode(reply);
  }

  /** Reply: waiting, in the ack buffer, in the backup, delayed, dead letters. */
  static SafeRedisQueueSizes decode(List<?> reply) {
    return new SafeRedisQueueSizes(
        Codec.longAt(reply, 0),
        Codec.longAt(reply, 1),
        Codec.longAt(reply, 2),
        Codec.longAt(reply, 3),
        Codec.longAt(reply, 4));
  }
}

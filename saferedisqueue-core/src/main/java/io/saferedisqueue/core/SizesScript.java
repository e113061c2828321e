package io.saferedisqueue.core;

import java.util.List;

/** {@code sizes.lua}: the lengths of the queue's lists and sets, read together. */
@SuppressWarnings("rawtypes")
final class SizesScript {

  static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "sizes",
          List.class,
          List.of("queue", "ackbuf", "backup", "delayed", "dead"),
          List.of(),
          false);

  private final QueueScript<List>.Bound bound;
  private final String queueName;

  SizesScript(QueueRedis redis, SafeRedisQueueKeys keys, String queueName) {
    this.bound = SCRIPT.bind(redis, keys);
    this.queueName = queueName;
  }

  SafeRedisQueueSizes sizes() {
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

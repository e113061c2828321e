package io.saferedisqueue.core;

import java.util.List;

/** {@code push.lua}: stores payloads and queues their uids, or parks them in the delayed set. */
final class PushScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "push", Long.class, List.of("items", "queue", "delayed"), List.of("delay"), true);

  private final QueueScript<Long>.Bound bound;

  PushScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Pushes {@code uid1, payload1, ...}, queued after {@code delayMillis} (0: at once). */
  void push(long delayMillis, Object[] uidsAndPayloads) {
    bound.runDurable(
        Codec.uids(uidsAndPayloads, 0, 2),
        Codec.concat(new Object[] {Codec.number(delayMillis)}, uidsAndPayloads));
  }
}

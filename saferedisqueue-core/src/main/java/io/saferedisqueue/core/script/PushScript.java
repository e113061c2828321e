package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.List;

/** {@code push.lua}: stores payloads and queues their uids, or parks them in the delayed set. */
public final class PushScript {

  /** The script, loaded once. */
  public static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "push", "push", Long.class, List.of("items", "queue", "delayed"), List.of("delay"), true);

  private final QueueScript<Long>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public PushScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Pushes {@code uid1, payload1, ...}, queued after {@code delayMillis} (0: at once). */
  public void push(long delayMillis, Object[] uidsAndPayloads) {
    bound.runDurable(
        Codec.uids(uidsAndPayloads, 0, 2),
        Codec.concat(new Object[] {Codec.number(delayMillis)}, uidsAndPayloads));
  }
}

package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.List;

/**
 * {@code pushheaders.lua}: {@code push.lua} plus one headers entry per item (its due time and the
 * trace context of the push); the payloads are stored exactly as {@code push.lua} stores them.
 */
public final class PushWithHeadersScript {

  /** The script, loaded once. */
  public static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "pushheaders",
          "push",
          Long.class,
          List.of("items", "queue", "delayed", "headers"),
          List.of("delay", "headers"),
          true);

  private final QueueScript<Long>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public PushWithHeadersScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Pushes {@code uid1, payload1, ...} with these header lines (possibly none) on each. */
  public void push(long delayMillis, byte[] headers, Object[] uidsAndPayloads) {
    bound.runDurable(
        Codec.uids(uidsAndPayloads, 0, 2),
        Codec.concat(new Object[] {Codec.number(delayMillis), headers}, uidsAndPayloads));
  }
}

package io.saferedisqueue.core;

import java.util.List;

/**
 * {@code pushheaders.lua}: {@code push.lua} plus one headers entry per item (its due time and the
 * trace context of the push); the payloads are stored exactly as {@code push.lua} stores them.
 */
final class PushWithHeadersScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "pushheaders",
          Long.class,
          List.of("items", "queue", "delayed", "headers"),
          List.of("delay", "headers"),
          true);

  private final QueueScript<Long>.Bound bound;

  PushWithHeadersScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Pushes {@code uid1, payload1, ...} with these header lines (possibly none) on each. */
  void push(long delayMillis, byte[] headers, Object[] uidsAndPayloads) {
    bound.runDurable(
        Codec.uids(uidsAndPayloads, 0, 2),
        Codec.concat(new Object[] {Codec.number(delayMillis), headers}, uidsAndPayloads));
  }
}

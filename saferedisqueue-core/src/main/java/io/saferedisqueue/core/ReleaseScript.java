package io.saferedisqueue.core;

import java.util.List;

/** {@code release.lua}: puts fetched, unstarted uids back at the head of the line, uncounted. */
final class ReleaseScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "release",
          Long.class,
          List.of("ackbuf", "backup", "queue", "deliveries"),
          List.of(),
          true);

  private final QueueScript<Long>.Bound bound;

  ReleaseScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Returns how many of the uids (checked script arguments) were in flight. */
  int release(Object[] uids) {
    return uids.length == 0 ? 0 : (int) Codec.longValue(bound.run(uids));
  }
}

package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.List;

/** {@code release.lua}: puts fetched, unstarted uids back at the head of the line, uncounted. */
public final class ReleaseScript {

  /** The script, loaded once. */
  public static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "release",
          "release",
          Long.class,
          List.of("ackbuf", "backup", "queue", "deliveries"),
          List.of(),
          true);

  private final QueueScript<Long>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public ReleaseScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Returns how many of the uids (checked script arguments) were in flight. */
  public int release(Object[] uids) {
    return uids.length == 0 ? 0 : (int) Codec.longValue(bound.run(uids));
  }
}

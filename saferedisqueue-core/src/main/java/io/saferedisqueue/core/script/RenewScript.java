package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.List;

/** {@code renew.lua}: moves in-flight uids from the backup back to the ack buffer. */
public final class RenewScript {

  /** The script, loaded once. */
  public static final QueueScript<Long> SCRIPT =
      QueueScript.load("renew", "renew", Long.class, List.of("ackbuf", "backup"), List.of(), true);

  private final QueueScript<Long>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public RenewScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Returns how many of the uids (checked script arguments) had to be moved. */
  public int renew(Object[] uids) {
    return uids.length == 0 ? 0 : (int) Codec.longValue(bound.run(uids));
  }
}

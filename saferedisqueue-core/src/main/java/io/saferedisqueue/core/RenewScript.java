package io.saferedisqueue.core;

import java.util.List;

/** {@code renew.lua}: moves in-flight uids from the backup back to the ack buffer. */
final class RenewScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load("renew", Long.class, List.of("ackbuf", "backup"), List.of(), true);

  private final QueueScript<Long>.Bound bound;

  RenewScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Returns how many of the uids (checked script arguments) had to be moved. */
  int renew(Object[] uids) {
    return uids.length == 0 ? 0 : (int) Codec.longValue(bound.run(uids));
  }
}

package io.saferedisqueue.core.script;

import io.saferedisqueue.core.FailOutcome;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.ArrayList;
import java.util.List;

/** {@code fail.lua}: requeues, delays or dead-letters in-flight uids. */
@SuppressWarnings("rawtypes")
public final class FailScript {

  /** The script, loaded once. */
  public static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "fail",
          "fail",
          List.class,
          List.of(
              "ackbuf",
              "backup",
              "queue",
              "delayed",
              "items",
              "deliveries",
              "dead",
              "deaditems",
              "deadinfo",
              "headers"),
          List.of("delay", "maxDeliveries", "reason"),
          true);

  private final QueueScript<List>.Bound bound;

  /** The script bound to one queue's keys and connection. */
  public FailScript(QueueRedis redis, SafeRedisQueueKeys keys) {
    this.bound = SCRIPT.bind(redis, keys);
  }

  /** Fails the uids (checked script arguments); returns the outcome per uid, in order. */
  public List<FailOutcome> fail(Object[] uids, long delayMillis, int maxDeliveries, String reason) {
    if (uids.length == 0) {
      return List.of();
    }
    Object[] head = {Codec.number(delayMillis), Codec.number(maxDeliveries), Codec.bytes(reason)};
    List<?> reply = bound.runDurable(Codec.uids(uids, 0, 1), Codec.concat(head, uids));
    List<FailOutcome> outcomes = new ArrayList<>(uids.length);
    for (Object code : reply == null ? List.of() : reply) {
      outcomes.add(FailOutcome.ofCode(((Number) code).intValue()));
    }
    return outcomes;
  }
}

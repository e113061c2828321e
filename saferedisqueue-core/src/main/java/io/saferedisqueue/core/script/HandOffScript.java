package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.List;

/**
 * {@code handoff.lua}: acks an item of one queue and pushes a new item into a next queue, in one
 * atomic script; both queues' keys must be in one hash slot on a cluster.
 */
public final class HandOffScript {

  static final QueueScript<Long> SCRIPT =
      QueueScript.load(
          "handoff",
          "handoff",
          Long.class,
          List.of("ackbuf", "backup", "items", "deliveries", "headers", "NEXT:items", "NEXT:queue"),
          List.of("uid", "newUid", "payload"),
          false);

  private HandOffScript() {}

  /**
   * Runs the hand-off on {@code writer}, which waits for its own durable replicas, if any.
   *
   * @param writer the connection of the queue whose durability the write waits for
   * @param own the keys of the queue {@code uid} is in flight in
   * @param next the keys of the queue that receives the new item
   * @param uid the item to ack
   * @param newUid the uid of the new item
   * @param payload the new item's payload
   * @return whether {@code uid} was in flight; when not, nothing was pushed
   */
  public static boolean run(
      QueueRedis writer,
      SafeRedisQueueKeys own,
      SafeRedisQueueKeys next,
      String uid,
      String newUid,
      byte[] payload) {
    Long moved =
        SCRIPT.runDurable(
            writer,
            SCRIPT.keyNames(own, next),
            List.of(uid, newUid),
            Codec.bytes(uid),
            Codec.bytes(newUid),
            payload);
    return Codec.longValue(moved) != 0;
  }
}

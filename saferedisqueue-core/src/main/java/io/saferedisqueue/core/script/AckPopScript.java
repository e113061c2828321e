package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Checks;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code ackpop.lua}: acks a batch of uids, then promotes due delayed items and takes up to a
 * number of waiting items, as {@link PopScript} does (within the same payload bytes), in one round
 * trip.
 */
@SuppressWarnings("rawtypes")
public final class AckPopScript {

  static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "ackpop",
          "ackpop",
          List.class,
          List.of(
              "items",
              "queue",
              "ackbuf",
              "delayed",
              "deliveries",
              "dead",
              "deaditems",
              "deadinfo",
              "headers",
              "backup"),
          List.of("max", "maxDeliveries", "maxBytes"),
          true);

  /** The delivered items, how many uids were dead-lettered and how many acks were in flight. */
  public record Result(List<SafeRedisQueueItem> items, int deadLettered, int acked) {}

  private static final byte[] MAX_BYTES = Codec.number(PopScript.MAX_BYTES);

  private final QueueScript<List>.Bound bound;
  private final byte[] maxDeliveries;
  private final String queueName;

  /** The script bound to one queue's keys and connection. */
  public AckPopScript(QueueRedis redis, SafeRedisQueueKeys keys, int maxDeliveries) {
    this.bound = SCRIPT.bind(redis, keys);
    this.maxDeliveries = Codec.number(maxDeliveries);
    this.queueName = keys.prefix().substring("srq:".length());
  }

  /** Acks the uids (encoded by {@link Checks#uids}), then takes up to {@code max} waiting items. */
  public Result ackAndPop(Object[] uids, int max) {
    Object[] args = new Object[3 + uids.length];
    args[0] = Codec.number(max);
    args[1] = maxDeliveries;
    args[2] = MAX_BYTES;
    System.arraycopy(uids, 0, args, 3, uids.length);
    return decode(bound.run(args));
  }

  /** Reply: uid1, payload1, deliveries1, uid2, ..., then dead-lettered, then acked. */
  private Result decode(@Nullable List<?> reply) {
    if (reply == null || reply.size() < 2) {
      return new Result(List.of(), 0, 0);
    }
    int itemsEnd = reply.size() - 2;
    List<SafeRedisQueueItem> items = PopScript.items(reply, itemsEnd, queueName);
    return new Result(
        items, (int) Codec.longAt(reply, itemsEnd), (int) Codec.longAt(reply, itemsEnd + 1));
  }
}

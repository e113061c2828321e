package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code pop.lua}: promotes due delayed items, then moves, counts and fetches up to a number of
 * waiting items (after the one a blocking move already took, if any), dead-lettering those whose
 * consumers kept vanishing.
 */
@SuppressWarnings("rawtypes")
public final class PopScript {

  /** The script, loaded once. */
  public static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "pop",
          "pop",
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
              "headers"),
          List.of("max", "maxDeliveries", "maxBytes"),
          true);

  /** The delivered items and how many uids the script dead-lettered instead. */
  public record Result(List<SafeRedisQueueItem> items, int deadLettered) {}

  /**
   * Payload bytes after which a pop takes no further item (it always takes one): copying payloads
   * out of Redis is what makes a pop of big items long.
   */
  static final long MAX_BYTES = 1024 * 1024;

  private static final byte[] MAX_BYTES_ARG = Codec.number(MAX_BYTES);

  private final QueueScript<List>.Bound bound;
  private final byte[] maxDeliveries;
  private final String queueName;

  /** The script bound to one queue's keys and connection. */
  public PopScript(QueueRedis redis, SafeRedisQueueKeys keys, int maxDeliveries) {
    this.bound = SCRIPT.bind(redis, keys);
    this.maxDeliveries = Codec.number(maxDeliveries);
    this.queueName = keys.prefix().substring("srq:".length());
  }

  /** Takes up to {@code max} waiting items (fewer when their payloads pass {@link #MAX_BYTES}). */
  public Result pop(int max) {
    return decode(bound.run(Codec.number(max), maxDeliveries, MAX_BYTES_ARG));
  }

  /** Delivers {@code moved} (already in the ack buffer) and up to {@code max - 1} more. */
  public Result popAfterMove(int max, byte[] moved) {
    return decode(bound.run(Codec.number(max), maxDeliveries, MAX_BYTES_ARG, moved));
  }

  /** Reply: uid1, payload1, deliveries1, uid2, ..., then the number dead-lettered. */
  private Result decode(@Nullable List<?> reply) {
    if (reply == null || reply.isEmpty()) {
      return new Result(List.of(), 0);
    }
    List<SafeRedisQueueItem> items = items(reply, reply.size(), queueName);
    int dead = reply.size() % 3 == 1 ? (int) Codec.longAt(reply, reply.size() - 1) : 0;
    return new Result(items, dead);
  }

  /**
   * The items a take script delivered: {@code uid, payload, deliveries} triples from the start of
   * the reply up to {@code end}, each as delivered by the named queue.
   */
  static List<SafeRedisQueueItem> items(List<?> reply, int end, String queueName) {
    List<SafeRedisQueueItem> items = new ArrayList<>(end / 3);
    for (int i = 0; i + 2 < end; i += 3) {
      items.add(
          new SafeRedisQueueItem(
              Codec.text((byte[]) reply.get(i)),
              (byte[]) reply.get(i + 1),
              (int) Codec.longAt(reply, i + 2),
              queueName));
    }
    return items;
  }
}

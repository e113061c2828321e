package io.saferedisqueue.core.script;

import io.saferedisqueue.core.DelayedItemInfo;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueuePage;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.PageReads;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code delayedpage.lua}: one page of the delayed items, soonest due first. */
@SuppressWarnings("rawtypes")
public final class DelayedPageScript {

  static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "delayedpage",
          "delayedpage",
          List.class,
          List.of("delayed", "deliveries", "items"),
          List.of("offset", "limit", "previewBytes"),
          false);

  private static final int FIELDS = 5;

  private final QueueScript<List>.Bound bound;
  private final String queueName;

  /** The script bound to one queue's keys and connection. */
  public DelayedPageScript(QueueRedis redis, SafeRedisQueueKeys keys, String queueName) {
    this.bound = SCRIPT.bind(redis, keys);
    this.queueName = queueName;
  }

  /** One page of the delayed items, soonest first. */
  public SafeRedisQueuePage<DelayedItemInfo> page(long offset, int limit, int previewBytes) {
    return decode(bound.run(PageReads.arguments(offset, limit, previewBytes)), offset);
  }

  /**
   * Reply: Redis time, number delayed, then per item uid, due at, deliveries, payload size, payload
   * preview.
   */
  private SafeRedisQueuePage<DelayedItemInfo> decode(@Nullable List<?> reply, long offset) {
    if (reply == null || reply.size() < 2 || (reply.size() - 2) % FIELDS != 0) {
      throw PageReads.unexpected("delayedpage", queueName);
    }
    List<DelayedItemInfo> items = new ArrayList<>((reply.size() - 2) / FIELDS);
    for (int i = 2; i < reply.size(); i += FIELDS) {
      items.add(
          new DelayedItemInfo(
              PageReads.text(reply, i),
              PageReads.time(reply, i + 1),
              (int) Codec.longAt(reply, i + 2),
              PageReads.preview(reply, i + 3)));
    }
    return new SafeRedisQueuePage<>(
        items, offset, Codec.longAt(reply, 1), PageReads.time(reply, 0));
  }
}

package io.saferedisqueue.core.script;

import io.saferedisqueue.core.InFlightItemInfo;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueuePage;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.PageReads;
import io.saferedisqueue.core.redis.QueueRedis;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code inflight.lua}: one page of the items in flight, backup first, each oldest first. */
@SuppressWarnings("rawtypes")
public final class InFlightPageScript {

  static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "inflight",
          "inflight",
          List.class,
          List.of("backup", "ackbuf", "deliveries", "headers", "items"),
          List.of("offset", "limit", "previewBytes"),
          false);

  private static final int FIELDS = 6;

  private final QueueScript<List>.Bound bound;
  private final String queueName;

  /** The script bound to one queue's keys and connection. */
  public InFlightPageScript(QueueRedis redis, SafeRedisQueueKeys keys, String queueName) {
    this.bound = SCRIPT.bind(redis, keys);
    this.queueName = queueName;
  }

  /** One page of the items in flight. */
  public SafeRedisQueuePage<InFlightItemInfo> page(long offset, int limit, int previewBytes) {
    List<?> reply = bound.run(PageReads.arguments(offset, limit, previewBytes));
    return decode(reply, offset);
  }

  /**
   * Reply: Redis time, backup length, ackbuf length, then per item uid, in backup (1/0),
   * deliveries, queued at (-1: unknown), payload size, payload preview.
   */
  private SafeRedisQueuePage<InFlightItemInfo> decode(@Nullable List<?> reply, long offset) {
    if (reply == null || reply.size() < 3 || (reply.size() - 3) % FIELDS != 0) {
      throw PageReads.unexpected("inflight", queueName);
    }
    List<InFlightItemInfo> items = new ArrayList<>((reply.size() - 3) / FIELDS);
    for (int i = 3; i < reply.size(); i += FIELDS) {
      long queuedAt = Codec.longAt(reply, i + 3);
      items.add(
          new InFlightItemInfo(
              PageReads.text(reply, i),
              Codec.longAt(reply, i + 1) == 1,
              (int) Codec.longAt(reply, i + 2),
              queuedAt < 0 ? null : PageReads.time(reply, i + 3),
              PageReads.preview(reply, i + 4)));
    }
    long total = Codec.longAt(reply, 1) + Codec.longAt(reply, 2);
    return new SafeRedisQueuePage<>(items, offset, total, PageReads.time(reply, 0));
  }
}

package io.saferedisqueue.core.script;

import io.saferedisqueue.core.DeadLetterInfo;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueuePage;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.PageReads;
import io.saferedisqueue.core.redis.QueueRedis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code deadpage.lua}: one page of the dead letters, oldest first, with payload previews. */
@SuppressWarnings("rawtypes")
public final class DeadPageScript {

  static final QueueScript<List> SCRIPT =
      QueueScript.load(
          "deadpage",
          "deadpage",
          List.class,
          List.of("dead", "deaditems", "deadinfo"),
          List.of("offset", "limit", "previewBytes"),
          false);

  private static final int FIELDS = 4;

  private final QueueScript<List>.Bound bound;
  private final String queueName;

  /** The script bound to one queue's keys and connection. */
  public DeadPageScript(QueueRedis redis, SafeRedisQueueKeys keys, String queueName) {
    this.bound = SCRIPT.bind(redis, keys);
    this.queueName = queueName;
  }

  /** One page of the dead letters, oldest first. */
  public SafeRedisQueuePage<DeadLetterInfo> page(long offset, int limit, int previewBytes) {
    return decode(bound.run(PageReads.arguments(offset, limit, previewBytes)), offset);
  }

  /**
   * Reply: Redis time, number of dead letters, then per dead letter uid, its deadinfo entry
   * ("deliveries\ntime\nreason", empty when missing), payload size, payload preview.
   */
  private SafeRedisQueuePage<DeadLetterInfo> decode(@Nullable List<?> reply, long offset) {
    if (reply == null || reply.size() < 2 || (reply.size() - 2) % FIELDS != 0) {
      throw PageReads.unexpected("deadpage", queueName);
    }
    List<DeadLetterInfo> items = new ArrayList<>((reply.size() - 2) / FIELDS);
    for (int i = 2; i < reply.size(); i += FIELDS) {
      String[] info = PageReads.text(reply, i + 1).split("\n", 3);
      if (info.length < 2) {
        continue; // requeued or deleted by a client that left the sorted set behind
      }
      items.add(
          new DeadLetterInfo(
              PageReads.text(reply, i),
              Integer.parseInt(info[0]),
              Instant.ofEpochMilli(Long.parseLong(info[1])),
              info.length > 2 ? info[2] : "",
              PageReads.preview(reply, i + 2)));
    }
    return new SafeRedisQueuePage<>(
        items, offset, Codec.longAt(reply, 1), PageReads.time(reply, 0));
  }
}

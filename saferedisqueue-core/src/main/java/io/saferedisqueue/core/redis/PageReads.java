package io.saferedisqueue.core.redis;

import io.saferedisqueue.core.PayloadPreview;
import io.saferedisqueue.core.SafeRedisQueueException;
import java.time.Instant;
import java.util.List;

/**
 * What the inspection page scripts ({@code inflight.lua}, {@code delayedpage.lua}, {@code
 * deadpage.lua}) share: the checks of their arguments and the decoding of the common reply parts.
 */
public final class PageReads {

  /** Most items one page may ask for, so that a page never holds Redis up for long. */
  static final int MAX_LIMIT = 1000;

  /** Most payload bytes per item a page may ask for. */
  static final int MAX_PREVIEW_BYTES = 64 * 1024;

  private PageReads() {}

  /**
   * The page's arguments as script arguments.
   *
   * @throws IllegalArgumentException naming the bad value and what is allowed
   */
  public static Object[] arguments(long offset, int limit, int previewBytes) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + " items per page, was " + limit);
    }
    if (previewBytes < 0 || previewBytes > MAX_PREVIEW_BYTES) {
      throw new IllegalArgumentException(
          "previewBytes must be between 0 and " + MAX_PREVIEW_BYTES + ", was " + previewBytes);
    }
    return new Object[] {Codec.number(offset), Codec.number(limit), Codec.number(previewBytes)};
  }

  /** The epoch-milliseconds entry at {@code index} of a page reply as an instant. */
  public static Instant time(List<?> reply, int index) {
    return Instant.ofEpochMilli(Codec.longAt(reply, index));
  }

  /** The text entry at {@code index} of a page reply. */
  public static String text(List<?> reply, int index) {
    return Codec.text((byte[]) reply.get(index));
  }

  /** The payload preview whose size is at {@code sizeIndex} of a page reply (its text follows). */
  public static PayloadPreview preview(List<?> reply, int sizeIndex) {
    Object bytes = reply.get(sizeIndex + 1);
    return new PayloadPreview(
        Codec.longAt(reply, sizeIndex), bytes instanceof byte[] array ? array : new byte[0]);
  }

  /** The error for a reply of {@code script} that is not shaped as the script promises. */
  public static SafeRedisQueueException unexpected(String script, String queueName) {
    return new SafeRedisQueueException(
        "Unexpected reply to the " + script + " script of queue " + queueName);
  }
}

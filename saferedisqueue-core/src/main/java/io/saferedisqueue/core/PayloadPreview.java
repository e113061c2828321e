package io.saferedisqueue.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The first bytes of an item's payload and its full size, as the inspection pages of {@link
 * SafeRedisQueueAdmin} return them: only the preview crosses the network, however large the
 * payload.
 *
 * @param size the payload's full size in bytes, or -1 when the payload is gone (acked or requeued
 *     while it was read by another client)
 * @param bytes at most the number of bytes asked for, from the start of the payload
 */
public record PayloadPreview(long size, byte[] bytes) {

  /** Checks the components. */
  public PayloadPreview {
    Objects.requireNonNull(bytes, "bytes");
  }

  /** Whether the payload is longer than the preview. */
  public boolean truncated() {
    return size > bytes.length;
  }

  /** Whether the payload was there when the page was read. */
  public boolean present() {
    return size >= 0;
  }

  /**
   * The preview decoded as UTF-8; a character cut at the end of the preview, or bytes that are not
   * UTF-8, show as U+FFFD.
   */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PayloadPreview preview
        && size == preview.size
        && Arrays.equals(bytes, preview.bytes);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size) * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "PayloadPreview[size=" + size + ", bytes=" + bytes.length + "]";
  }
}

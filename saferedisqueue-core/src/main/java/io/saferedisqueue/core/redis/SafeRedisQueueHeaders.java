package io.saferedisqueue.core.redis;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value format of the headers hash {@code srq:NAME:headers}: UTF-8 lines {@code name=value}
 * separated by {@code \n}, the first always {@code t=<ms>} (when the item became due, Redis clock),
 * written by the push script; the others are the propagation headers of the push's trace context. A
 * line is split at its first {@code =}, so values may contain {@code =} (W3C {@code tracestate}
 * does); names and values with a line break, and names that are empty, contain {@code =} or are
 * {@code t}, are not stored.
 */
public final class SafeRedisQueueHeaders {

  static final String PUSH_TIME = "t";

  private SafeRedisQueueHeaders() {}

  /** The header lines of these propagation headers, without the push time (the script adds it). */
  public static byte[] encode(Map<String, String> headers) {
    StringBuilder lines = new StringBuilder();
    headers.forEach(
        (name, value) -> {
          if (storable(name, value)) {
            if (lines.length() > 0) {
              lines.append('\n');
            }
            lines.append(name).append('=').append(value);
          }
        });
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The propagation headers of a stored value, without the push time. */
  public static Map<String, String> decode(byte[] value) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : new String(value, StandardCharsets.UTF_8).split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        String name = line.substring(0, equals);
        if (!PUSH_TIME.equals(name)) {
          headers.put(name, line.substring(equals + 1));
        }
      }
    }
    return headers;
  }

  private static boolean storable(String name, String value) {
    return name != null
        && value != null
        && !name.isEmpty()
        && !PUSH_TIME.equals(name)
        && name.indexOf('=') < 0
        && name.indexOf('\n') < 0
        && value.indexOf('\n') < 0;
  }
}

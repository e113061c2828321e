package io.saferedisqueue.core.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** How script arguments are written and script replies read. */
public final class Codec {

  private Codec() {}

  /** Text as UTF-8, as scripts take their arguments. */
  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A number as a script argument (its decimal text). */
  public static byte[] number(long value) {
    return bytes(Long.toString(value));
  }

  /** UTF-8 bytes of a reply as text. */
  public static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** An integer reply, 0 when there is none. */
  public static long longValue(@Nullable Long reply) {
    return reply == null ? 0 : reply;
  }

  /** The integer at {@code index} of a list reply. */
  public static long longAt(List<?> reply, int index) {
    return ((Number) reply.get(index)).longValue();
  }

  /** How many of the per-uid integers of a reply are positive. */
  public static int countPositive(@Nullable List<?> reply) {
    int count = 0;
    if (reply != null) {
      for (Object flag : reply) {
        if (flag instanceof Number number && number.longValue() > 0) {
          count++;
        }
      }
    }
    return count;
  }

  /** {@code prefix} followed by {@code rest}, as one argument array. */
  public static Object[] concat(Object[] prefix, Object[] rest) {
    Object[] args = new Object[prefix.length + rest.length];
    System.arraycopy(prefix, 0, args, 0, prefix.length);
    System.arraycopy(rest, 0, args, prefix.length, rest.length);
    return args;
  }

  /** The uids of script arguments, every {@code step}-th entry from {@code from} (byte arrays). */
  public static List<String> uids(Object[] args, int from, int step) {
    List<String> uids = new java.util.ArrayList<>((args.length - from + step - 1) / step);
    for (int i = from; i < args.length; i += step) {
      uids.add(text((byte[]) args[i]));
    }
    return uids;
  }
}

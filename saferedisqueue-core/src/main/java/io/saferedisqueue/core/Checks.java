package io.saferedisqueue.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * The argument checks of the queue's public methods, each throwing {@link IllegalArgumentException}
 * with one message that names the value and what is allowed.
 */
final class Checks {

  private Checks() {}

  static byte[] payload(byte[] payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null (push a String or byte[])");
    }
    return payload;
  }

  /** Text as UTF-8, byte for byte as the Python library stores a {@code str}. */
  static byte[] payload(String payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null (push a String or byte[])");
    }
    return payload.getBytes(StandardCharsets.UTF_8);
  }

  static String uid(String uid) {
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException(
          "uid must be the non-blank uid returned by push or pop, was "
              + (uid == null ? "null" : "'" + uid + "'"));
    }
    return uid;
  }

  /** The uids as script arguments, each checked. */
  static Object[] uids(Collection<String> uids) {
    Objects.requireNonNull(uids, "uids");
    Object[] args = new Object[uids.size()];
    int i = 0;
    for (String uid : uids) {
      args[i++] = Codec.bytes(uid(uid));
    }
    return args;
  }

  static String name(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "queue name must be a non-blank string (default \"0\"), was "
              + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }

  static Duration interval(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero() || interval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "autoclean interval must be at least 1ms (or autoclean disabled), was " + interval);
    }
    return interval;
  }

  static Duration delay(Duration delay) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or positive, was " + delay);
    }
    return delay;
  }

  static int max(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    return max;
  }

  static int maxDeliveries(int maxDeliveries) {
    if (maxDeliveries < 0) {
      throw new IllegalArgumentException(
          "maxDeliveries must be >= 1, or 0 for unlimited, was " + maxDeliveries);
    }
    return maxDeliveries;
  }

  static Duration positive(String what, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
    return value;
  }
}

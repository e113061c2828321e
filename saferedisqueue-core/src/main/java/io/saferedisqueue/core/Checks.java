package io.saferedisqueue.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import org.springframework.util.unit.DataSize;

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

  /** Largest payload Redis takes by default ({@code proto-max-bulk-len}). */
  static final long REDIS_BULK_LIMIT = 512L * 1024 * 1024;

  static DataSize maxPayloadSize(DataSize size) {
    if (size == null || size.toBytes() < 1 || size.toBytes() > REDIS_BULK_LIMIT) {
      throw new IllegalArgumentException(
          "maxPayloadSize must be between 1 byte and 512MB (Redis' proto-max-bulk-len), was "
              + size);
    }
    return size;
  }

  /**
   * Refuses a payload over the queue's limit before anything is sent.
   *
   * @param length the payload's size in bytes
   */
  static void payloadSize(long length, long max, String queueName) {
    if (length > max) {
      throw new IllegalArgumentException(
          "payload of "
              + length
              + " bytes is larger than the maximum payload size of queue '"
              + queueName
              + "', "
              + max
              + " bytes ("
              + readable(max)
              + "; builder maxPayloadSize, saferedisqueue.max-payload-size); nothing was pushed");
    }
  }

  /** Bytes as Spring's {@code DataSize} writes them: {@code 16MB}, {@code 64KB}, {@code 100B}. */
  static String readable(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + "MB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + "KB";
    }
    return bytes + "B";
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

  static int durableReplicas(int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException(
          "durableReplicas must be >= 1 replicas to wait for, or 0 for off, was " + replicas);
    }
    return replicas;
  }

  static Duration durableTimeout(Duration timeout) {
    if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "durableTimeout must be between 1ms and 1h (WAIT's timeout in milliseconds), was "
              + timeout);
    }
    return timeout;
  }
}

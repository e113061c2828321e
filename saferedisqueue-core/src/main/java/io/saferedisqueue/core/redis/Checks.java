package io.saferedisqueue.core.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import org.springframework.util.unit.DataSize;

/**
 * The argument checks of the queue's public methods, each throwing {@link IllegalArgumentException}
 * with one message that names the value and what is allowed.
 */
public final class Checks {

  private Checks() {}

  /** The payload, refused when null. */
  public static byte[] payload(byte[] payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null (push a String or byte[])");
    }
    return payload;
  }

  /** Text as UTF-8, byte for byte as the Python library stores a {@code str}. */
  public static byte[] payload(String payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null (push a String or byte[])");
    }
    return payload.getBytes(StandardCharsets.UTF_8);
  }

  /** Largest payload Redis takes by default ({@code proto-max-bulk-len}). */
  static final long REDIS_BULK_LIMIT = 512L * 1024 * 1024;

  /**
   * The maximum payload size, refused outside 1 byte to 512MB (Redis' {@code proto-max-bulk-len}).
   */
  public static DataSize maxPayloadSize(DataSize size) {
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
  public static void payloadSize(long length, long max, String queueName) {
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

  /** The uid, refused when blank. */
  public static String uid(String uid) {
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException(
          "uid must be the non-blank uid returned by push or pop, was "
              + (uid == null ? "null" : "'" + uid + "'"));
    }
    return uid;
  }

  /** The uids as script arguments, each checked. */
  public static Object[] uids(Collection<String> uids) {
    Objects.requireNonNull(uids, "uids");
    Object[] args = new Object[uids.size()];
    int i = 0;
    for (String uid : uids) {
      args[i++] = Codec.bytes(uid(uid));
    }
    return args;
  }

  /** The queue name, refused when null or blank. */
  public static String name(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "queue name must be a non-blank string (default \"0\"), was "
              + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }

  /** The autoclean interval, refused when shorter than 1ms. */
  public static Duration interval(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero() || interval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "autoclean interval must be at least 1ms (or autoclean disabled), was " + interval);
    }
    return interval;
  }

  /** The delay of a push or fail, refused when null or negative. */
  public static Duration delay(Duration delay) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or positive, was " + delay);
    }
    return delay;
  }

  /** The most items a call takes, refused when below 1. */
  public static int max(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    return max;
  }

  /** The maximum number of deliveries (0: unlimited), refused when negative. */
  public static int maxDeliveries(int maxDeliveries) {
    if (maxDeliveries < 0) {
      throw new IllegalArgumentException(
          "maxDeliveries must be >= 1, or 0 for unlimited, was " + maxDeliveries);
    }
    return maxDeliveries;
  }

  /** A duration that must be positive, refused otherwise with the setting's name ({@code what}). */
  public static Duration positive(String what, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
    return value;
  }

  /** The number of replicas a durable write waits for (0: off), refused when negative. */
  public static int durableReplicas(int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException(
          "durableReplicas must be >= 1 replicas to wait for, or 0 for off, was " + replicas);
    }
    return replicas;
  }

  /** How long a durable write waits for its replicas, refused outside 1ms to 1h. */
  public static Duration durableTimeout(Duration timeout) {
    if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "durableTimeout must be between 1ms and 1h (WAIT's timeout in milliseconds), was "
              + timeout);
    }
    return timeout;
  }
}

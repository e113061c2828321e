package io.saferedisqueue.core.shard;

import io.saferedisqueue.core.redis.Checks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The naming rule of {@link SafeRedisQueueShards sharded queues}: shard {@code i} of the queue
 * {@code NAME} is the ordinary queue {@code {NAME-i}}, so its keys {@code srq:{NAME-i}:*} share the
 * hash tag {@code NAME-i} (one Redis Cluster slot per shard, the five keys of the Python layout
 * together). {@code NAME} itself must not contain braces. A key's shard is {@link #shardFor}.
 */
public final class SafeRedisQueueShardNames {

  /** Most shards of one queue. */
  public static final int MAX_SHARDS = 1024;

  private static final Pattern SHARD_NAME = Pattern.compile("\\{(.+)-(\\d{1,4})\\}");

  private SafeRedisQueueShardNames() {}

  /**
   * Checks the name of a sharded queue: non-blank and without braces. Shard {@code i} is named
   * {@code {NAME-i}}, whose braces are the shard's Redis Cluster hash tag; a brace in {@code NAME}
   * would move the tag and could put every shard into one slot.
   *
   * @throws IllegalArgumentException naming the value and what is allowed
   */
  public static String checkName(String name) {
    Checks.name(name);
    if (name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "sharded queue name '"
              + name
              + "' must not contain '{' or '}': its shards are named {NAME-0}, {NAME-1}, ... and"
              + " get their own hash tags; give the name without a hash tag");
    }
    return name;
  }

  /**
   * Checks a shard count.
   *
   * @throws IllegalArgumentException unless it is between 1 and {@value #MAX_SHARDS}
   */
  public static int checkShardCount(int shardCount) {
    if (shardCount < 1 || shardCount > MAX_SHARDS) {
      throw new IllegalArgumentException(
          "shard count must be between 1 and " + MAX_SHARDS + ", was " + shardCount);
    }
    return shardCount;
  }

  /** The name of shard {@code index} of the queue {@code name}: {@code {name-index}}. */
  public static String shardName(String name, int index) {
    return "{" + checkName(name) + "-" + index + "}";
  }

  /** The names of all shards of a queue, in order. */
  public static List<String> shardNames(String name, int shardCount) {
    checkName(name);
    checkShardCount(shardCount);
    List<String> names = new ArrayList<>(shardCount);
    for (int i = 0; i < shardCount; i++) {
      names.add("{" + name + "-" + i + "}");
    }
    return names;
  }

  /**
   * The shard of a key among {@code shardCount}: the CRC-32 of its UTF-8 bytes modulo the shard
   * count, which a Python producer computes as {@code zlib.crc32(key.encode()) % shards}.
   *
   * @throws IllegalArgumentException when the key is null or the count not allowed
   */
  public static int shardFor(String key, int shardCount) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    checkShardCount(shardCount);
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shardCount);
  }

  /**
   * The logical name and index of a name of the form {@code {NAME-i}}, or empty; whether such a
   * queue is really a shard depends on the configuration that says how many shards {@code NAME}
   * has.
   */
  public static Optional<ShardName> parseShardName(String queueName) {
    Matcher matcher = SHARD_NAME.matcher(queueName);
    if (!matcher.matches() || matcher.group(1).indexOf('{') >= 0) {
      return Optional.empty();
    }
    return Optional.of(new ShardName(matcher.group(1), Integer.parseInt(matcher.group(2))));
  }

  /**
   * A shard's logical queue and position.
   *
   * @param queue the logical queue's name
   * @param index the shard's position
   */
  public record ShardName(String queue, int index) {}
}

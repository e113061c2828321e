package io.saferedisqueue.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One of the queue's Lua scripts ({@code io/saferedisqueue/core/scripts/NAME.lua}), loaded once so
 * its SHA1 is computed once, with what its header declares: the keys in {@code KEYS} order (as
 * suffixes of {@code srq:NAME:}), the names of its fixed {@code ARGV} entries and whether more
 * follow. The typed script classes ({@code PushScript}, {@code PopScript}, ...) encode their
 * arguments and decode their replies on top of it; a test checks these declarations against the
 * scripts' headers so the two sides cannot drift.
 *
 * @param <T> the reply type
 */
final class QueueScript<T> {

  private final String name;
  private final RedisScript<T> script;
  private final List<String> keys;
  private final List<String> fixedArgs;
  private final boolean moreArgs;

  private QueueScript(
      String name,
      RedisScript<T> script,
      List<String> keys,
      List<String> fixedArgs,
      boolean moreArgs) {
    this.name = name;
    this.script = script;
    this.keys = keys;
    this.fixedArgs = fixedArgs;
    this.moreArgs = moreArgs;
  }

  /**
   * Loads a script. Reads its text once: a RedisScript built on the Resource itself would ask the
   * resource for its modification time on every call (to recompute the SHA1 if it changed), which
   * opens a URL connection into the jar per command and serializes all callers on one monitor.
   */
  static <T> QueueScript<T> load(
      String name, Class<T> replyType, List<String> keys, List<String> fixedArgs, boolean more) {
    ClassPathResource resource =
        new ClassPathResource("io/saferedisqueue/core/scripts/" + name + ".lua");
    try {
      String text = resource.getContentAsString(StandardCharsets.UTF_8);
      return new QueueScript<>(
          name, RedisScript.of(text, replyType), List.copyOf(keys), List.copyOf(fixedArgs), more);
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot read the Lua script " + resource.getPath(), ex);
    }
  }

  String name() {
    return name;
  }

  /** Key suffixes in {@code KEYS} order. */
  List<String> keys() {
    return keys;
  }

  List<String> fixedArgs() {
    return fixedArgs;
  }

  /** Whether {@code ARGV} goes on after the fixed entries (uids, payloads). */
  boolean moreArgs() {
    return moreArgs;
  }

  /**
   * The key names for one queue, and for a second one where the script names keys {@code
   * NEXT:suffix} (a hand-off between two queues).
   */
  List<String> keyNames(SafeRedisQueueKeys own, @Nullable SafeRedisQueueKeys next) {
    return keys.stream()
        .map(
            key ->
                key.startsWith("NEXT:")
                    ? java.util.Objects.requireNonNull(next, "next").extra(key.substring(5))
                    : own.extra(key))
        .toList();
  }

  /** Runs the script with these key names, computed by {@link #keyNames}. */
  @Nullable T run(QueueRedis redis, List<String> keyNames, Object... args) {
    return redis.script(script, keyNames, args);
  }

  /** This script bound to one queue's keys and connection. */
  Bound bind(QueueRedis redis, SafeRedisQueueKeys queueKeys) {
    return new Bound(redis, keys.stream().map(queueKeys::extra).toList());
  }

  /** The script with one queue's key list, computed once per queue. */
  final class Bound {
    private final QueueRedis redis;
    private final List<String> keyNames;

    private Bound(QueueRedis redis, List<String> keyNames) {
      this.redis = redis;
      this.keyNames = keyNames;
    }

    @Nullable T run(Object... args) {
      if (args.length < fixedArgs.size() || (!moreArgs && args.length != fixedArgs.size())) {
        throw new IllegalStateException(
            name
                + ".lua takes "
                + fixedArgs
                + (moreArgs ? " and more" : "")
                + ", given "
                + args.length);
      }
      return redis.script(script, keyNames, args);
    }
  }
}

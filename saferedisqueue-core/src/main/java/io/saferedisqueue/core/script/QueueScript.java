package io.saferedisqueue.core.script;

import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.redis.QueueRedis;
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
 * <p>Every script starts with a flags line ({@code #!lua flags=allow-oom} for the scripts that let
 * consumers drain a full Redis, {@code #!lua flags=no-writes} for reads, a bare {@code #!lua} for
 * pushes, which Redis then refuses as a whole over {@code maxmemory}). Redis before 7.0 does not
 * know that line and fails to compile it, so a second variant of each script turns it into a
 * comment (same line numbers, another SHA1); {@link QueueRedis} picks the variant by the server's
 * version, read once per connection factory.
 *
 * @param <T> the reply type
 */
public final class QueueScript<T> implements QueueRedis.Script<T> {

  private static final String FLAGS_LINE = "#!lua";

  /** The line that includes a fragment of {@code scripts/lib/}. */
  private static final String USE = "--! use ";

  private final String name;
  private final String operation;
  private final RedisScript<T> script;
  private final RedisScript<T> withoutFlags;
  private final List<String> keys;
  private final List<String> fixedArgs;
  private final boolean moreArgs;

  private QueueScript(
      String name,
      String operation,
      RedisScript<T> script,
      RedisScript<T> withoutFlags,
      List<String> keys,
      List<String> fixedArgs,
      boolean moreArgs) {
    this.name = name;
    this.operation = operation;
    this.script = script;
    this.withoutFlags = withoutFlags;
    this.keys = keys;
    this.fixedArgs = fixedArgs;
    this.moreArgs = moreArgs;
  }

  /**
   * Loads a script. Reads its text once: a RedisScript built on the Resource itself would ask the
   * resource for its modification time on every call (to recompute the SHA1 if it changed), which
   * opens a URL connection into the jar per command and serializes all callers on one monitor.
   *
   * @param name the script's file name without {@code .lua}
   * @param operation what the script does, for error messages ("the push of queue 'x' was refused")
   */
  static <T> QueueScript<T> load(
      String name,
      String operation,
      Class<T> replyType,
      List<String> keys,
      List<String> fixedArgs,
      boolean more) {
    ClassPathResource resource =
        new ClassPathResource("io/saferedisqueue/core/scripts/" + name + ".lua");
    try {
      String text = expand(resource.getContentAsString(StandardCharsets.UTF_8));
      if (!text.startsWith(FLAGS_LINE)) {
        throw new IllegalStateException(resource.getPath() + " does not start with a flags line");
      }
      return new QueueScript<>(
          name,
          operation,
          RedisScript.of(text, replyType),
          RedisScript.of("-- (Redis < 7: flags ignored) " + text, replyType),
          List.copyOf(keys),
          List.copyOf(fixedArgs),
          more);
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot read the Lua script " + resource.getPath(), ex);
    }
  }

  /**
   * The script's text with each line {@code --! use NAME} replaced by the fragment {@code
   * scripts/lib/NAME.lua}: the Lua functions several scripts share (the key type check, the taking
   * of items), written once. Redis receives the whole text, so each script stays one atomic unit.
   */
  static String expand(String text) {
    StringBuilder expanded = new StringBuilder(text.length() + 2048);
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(USE)) {
        String fragment =
            "io/saferedisqueue/core/scripts/lib/" + line.substring(USE.length()).trim();
        try {
          expanded.append(
              new ClassPathResource(fragment + ".lua")
                  .getContentAsString(StandardCharsets.UTF_8)
                  .stripTrailing());
        } catch (IOException ex) {
          throw new UncheckedIOException("Cannot read the Lua fragment " + fragment + ".lua", ex);
        }
      } else {
        expanded.append(line);
      }
      expanded.append('\n');
    }
    return expanded.substring(0, expanded.length() - 1);
  }

  String name() {
    return name;
  }

  @Override
  public RedisScript<T> variant(boolean scriptFlags) {
    return scriptFlags ? script : withoutFlags;
  }

  @Override
  public String operation() {
    return operation;
  }

  /** Key suffixes in {@code KEYS} order. */
  public List<String> keys() {
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
    return redis.script(this, keyNames, args);
  }

  /**
   * Runs the script as {@link #run} does, then waits for the queue's durable replicas ({@link
   * QueueRedis#durableScript}); {@code uids} are what the write touches, for the message when too
   * few replicas acknowledge it.
   */
  @Nullable T runDurable(
      QueueRedis redis, List<String> keyNames, List<String> uids, Object... args) {
    return redis.durableScript(this, keyNames, uids, args);
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
      checkArgs(args);
      return redis.script(QueueScript.this, keyNames, args);
    }

    /** As {@link #run}, then waits for the queue's durable replicas, if any. */
    @Nullable T runDurable(List<String> uids, Object... args) {
      checkArgs(args);
      return redis.durableScript(QueueScript.this, keyNames, uids, args);
    }

    private void checkArgs(Object[] args) {
      if (args.length < fixedArgs.size() || (!moreArgs && args.length != fixedArgs.size())) {
        throw new IllegalStateException(
            name
                + ".lua takes "
                + fixedArgs
                + (moreArgs ? " and more" : "")
                + ", given "
                + args.length);
      }
    }
  }
}

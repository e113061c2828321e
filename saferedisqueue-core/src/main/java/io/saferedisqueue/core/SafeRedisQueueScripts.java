package io.saferedisqueue.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The queue's Lua scripts, each loaded once from {@code io/saferedisqueue/core/scripts/*.lua} so
 * its SHA1 is computed once; Spring Data Redis runs them with EVALSHA and falls back to EVAL.
 */
@SuppressWarnings("rawtypes")
final class SafeRedisQueueScripts {

  static final RedisScript<Long> PUSH = load("push", Long.class);
  static final RedisScript<List> POP = load("pop", List.class);
  static final RedisScript<List> ACK = load("ack", List.class);
  static final RedisScript<List> FAIL = load("fail", List.class);
  static final RedisScript<Long> AUTOCLEAN = load("autoclean", Long.class);
  static final RedisScript<List> SIZES = load("sizes", List.class);
  static final RedisScript<Long> DEAD_LETTER = load("deadletter", Long.class);
  static final RedisScript<Long> REQUEUE_DEAD = load("requeuedead", Long.class);
  static final RedisScript<Long> DELETE_DEAD = load("deletedead", Long.class);
  static final RedisScript<Long> RENEW = load("renew", Long.class);
  static final RedisScript<Long> RELEASE = load("release", Long.class);
  static final RedisScript<Long> PUSH_WITH_HEADERS = load("pushheaders", Long.class);
  static final RedisScript<List> STATS = load("stats", List.class);
  static final RedisScript<Long> PRUNE_HEADERS = load("pruneheaders", Long.class);

  private SafeRedisQueueScripts() {}

  /**
   * Reads the script's text once. A RedisScript built on the Resource itself would ask the resource
   * for its modification time on every call (to recompute the SHA1 if it changed), which opens a
   * URL connection into the jar per command and serializes all callers on one monitor; the text
   * never changes, so it is read here once.
   */
  static <T> RedisScript<T> load(String name, Class<T> resultType) {
    ClassPathResource resource =
        new ClassPathResource("io/saferedisqueue/core/scripts/" + name + ".lua");
    try {
      return RedisScript.of(resource.getContentAsString(StandardCharsets.UTF_8), resultType);
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot read the Lua script " + resource.getPath(), ex);
    }
  }
}

package io.saferedisqueue.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a queue knows of its Redis server: the version (which decides how its scripts run) and the
 * memory settings that decide what happens when Redis is full. On Redis Cluster: the lowest version
 * and the most dangerous policy of the nodes.
 *
 * @param version {@code redis_version} of {@code INFO}, {@code "unknown"} when INFO is not allowed
 * @param scriptFlags whether the server understands script flags ({@code #!lua flags=...}, Redis
 *     7.0 and newer), which let consumers' scripts run on a full Redis
 * @param maxmemoryPolicy {@code maxmemory-policy}, {@code null} when neither {@code CONFIG GET} nor
 *     {@code INFO memory} could be read
 * @param maxmemory {@code maxmemory} in bytes, 0 for no limit, -1 when unknown
 * @param usedMemory {@code used_memory} in bytes, -1 when unknown
 */
public record SafeRedisQueueServerInfo(
    String version,
    boolean scriptFlags,
    @Nullable String maxmemoryPolicy,
    long maxmemory,
    long usedMemory) {

  /** The policy under which a full Redis refuses writes instead of deleting keys. */
  public static final String NO_EVICTION = "noeviction";

  /** Whether the policy is known and lets Redis delete keys when it is full. */
  public boolean evicts() {
    return maxmemoryPolicy != null && !NO_EVICTION.equals(maxmemoryPolicy);
  }

  /**
   * What the policy risks for the queue, or empty under {@code noeviction}; when the policy could
   * not be read, says so.
   */
  public Optional<String> evictionRisk() {
    if (maxmemoryPolicy == null) {
      return Optional.of(
          "its maxmemory-policy could not be read (neither CONFIG GET nor INFO memory is allowed),"
              + " so it may evict queue items when it is full");
    }
    if (!evicts()) {
      return Optional.empty();
    }
    String limit =
        maxmemory > 0 ? "maxmemory (" + maxmemory + " bytes)" : "a maxmemory (none is set now)";
    if (maxmemoryPolicy.startsWith("volatile-")) {
      return Optional.of(
          "its maxmemory-policy "
              + maxmemoryPolicy
              + " evicts keys with a TTL once it reaches "
              + limit
              + ": the queue's items have none, but its autoclean lock does, so rotations can come"
              + " early and redeliver items still being processed");
    }
    return Optional.of(
        "its maxmemory-policy "
            + maxmemoryPolicy
            + " evicts keys once it reaches "
            + limit
            + ": queue items can be lost silently, pushes returning uids that no consumer ever"
            + " sees");
  }
}

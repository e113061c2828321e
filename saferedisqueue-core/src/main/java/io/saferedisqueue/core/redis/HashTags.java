package io.saferedisqueue.core.redis;

import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Redis Cluster hash tags of queue names. Redis hashes only the part of a key between its first
 * {@code {} and the first {@code }} after it, when that part is not empty; the keys of a queue are
 * {@code srq:NAME:suffix} with suffixes free of braces, so they share one slot exactly when {@code
 * NAME} has such a part.
 */
public final class HashTags {

  private HashTags() {}

  /** The hash tag of a queue name (what Redis would hash), or null when it has none. */
  static @Nullable String tag(String name) {
    int open = name.indexOf('{');
    if (open < 0) {
      return null;
    }
    int close = name.indexOf('}', open + 1);
    if (close < 0 || close == open + 1) {
      return null;
    }
    return name.substring(open + 1, close);
  }

  /**
   * Refuses a queue name without a hash tag, for a cluster-aware connection factory.
   *
   * @throws SafeRedisQueueConfigurationException naming the queue and the name to use
   */
  public static void requireTag(String name) {
    if (tag(name) != null) {
      return;
    }
    String suggestion = "{" + name + "}";
    String fix =
        tag(suggestion) != null && tag(suggestion).equals(name)
            ? "name it '"
                + suggestion
                + "' (a Python client on the same cluster must use the name '"
                + suggestion
                + "' too)"
            : "give it a non-empty {...} part, such as '{"
                + name.replace("{", "").replace("}", "")
                + "}' (Python clients on the same cluster must use the same name)";
    throw new SafeRedisQueueConfigurationException(
        "queue name '"
            + name
            + "' has no hash tag; on Redis Cluster its keys srq:"
            + name
            + ":* would be in different slots, which the queue's scripts cannot use: "
            + fix
            + ".");
  }
}

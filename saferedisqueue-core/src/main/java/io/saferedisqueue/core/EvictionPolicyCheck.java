package io.saferedisqueue.core;

/**
 * What a queue does when its Redis may evict keys ({@code maxmemory-policy} other than {@code
 * noeviction}): an evicting Redis that reaches {@code maxmemory} deletes keys, the queue's items
 * among them, without an error to anyone. The policy is read once per connection factory, when a
 * queue first uses it ({@code CONFIG GET maxmemory-policy}, or {@code INFO memory} where {@code
 * CONFIG} is not allowed).
 */
public enum EvictionPolicyCheck {

  /** Logs one warning per connection factory that names the policy and the risk (the default). */
  WARN,

  /**
   * Refuses to work: the queue's operations throw {@link SafeRedisQueueConfigurationException}, and
   * building the queue already does when Redis answers then (so an application fails to start). A
   * policy that cannot be read counts as evicting.
   */
  FAIL,

  /** Does not look. */
  OFF
}

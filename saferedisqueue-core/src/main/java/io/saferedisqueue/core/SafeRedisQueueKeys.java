package io.saferedisqueue.core;

import io.saferedisqueue.core.redis.Checks;

/**
 * The Redis keys of one queue, {@code srq:NAME:*}, exactly as the Python library names them.
 *
 * <p>A name with a Redis Cluster hash tag, such as {@code {orders}}, puts every key of the queue
 * into one hash slot, which scripts touching several keys need on a cluster.
 *
 * @param prefix {@code srq:NAME}
 * @param items hash uid to payload
 * @param queue list of waiting uids (push left, pop right)
 * @param ackbuf list of delivered, unacknowledged uids (young generation)
 * @param backup list of uids unacknowledged across one rotation (old generation)
 * @param backupLock guard string with a TTL: while it exists no rotation runs
 */
public record SafeRedisQueueKeys(
    String prefix, String items, String queue, String ackbuf, String backup, String backupLock) {

  /** Keys of the queue with this name. */
  public static SafeRedisQueueKeys forName(String name) {
    String prefix = "srq:" + Checks.name(name);
    return new SafeRedisQueueKeys(
        prefix,
        prefix + ":items",
        prefix + ":queue",
        prefix + ":ackbuf",
        prefix + ":backup",
        prefix + ":backuplock");
  }

  /** Sorted set of delayed uids by due time (ms): failed with a delay or pushed with one. */
  public String delayed() {
    return extra("delayed");
  }

  /** Hash uid to number of deliveries so far (by this library's pops). */
  public String deliveries() {
    return extra("deliveries");
  }

  /** Sorted set of dead-lettered uids by the time they died (ms). */
  public String dead() {
    return extra("dead");
  }

  /** Hash uid to payload of dead letters. */
  public String deadItems() {
    return extra("deaditems");
  }

  /** Hash uid to "deliveries\ntime\nreason" of dead letters. */
  public String deadInfo() {
    return extra("deadinfo");
  }

  /**
   * Hash uid to "name=value" lines: when the item became due (server time in ms, {@code t}) and the
   * trace context of its push. Written only by observed or timed pushes; see {@link
   * SafeRedisQueueBuilder#observationRegistry} and {@link SafeRedisQueueBuilder#recordPushTime}.
   */
  public String headers() {
    return extra("headers");
  }

  /** A further key under the same prefix, for state the Python library does not know. */
  public String extra(String suffix) {
    return prefix + ":" + suffix;
  }
}

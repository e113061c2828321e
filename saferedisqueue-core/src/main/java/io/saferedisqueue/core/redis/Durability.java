package io.saferedisqueue.core.redis;

import java.time.Duration;

/**
 * A queue's durable-write setting: after each write script, {@code WAIT replicas timeout} on the
 * connection that ran it; {@code replicas} 0 turns it off.
 */
public record Durability(int replicas, Duration timeout) {

  /** How long a durable write waits for its replicas unless told. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  static final Durability OFF = new Durability(0, DEFAULT_TIMEOUT);

  /** Whether writes wait for replicas at all. */
  public boolean on() {
    return replicas > 0;
  }
}

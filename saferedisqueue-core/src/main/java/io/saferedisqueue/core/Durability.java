package io.saferedisqueue.core;

import java.time.Duration;

/**
 * A queue's durable-write setting: after each write script, {@code WAIT replicas timeout} on the
 * connection that ran it; {@code replicas} 0 turns it off.
 */
record Durability(int replicas, Duration timeout) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  static final Durability OFF = new Durability(0, DEFAULT_TIMEOUT);

  boolean on() {
    return replicas > 0;
  }
}

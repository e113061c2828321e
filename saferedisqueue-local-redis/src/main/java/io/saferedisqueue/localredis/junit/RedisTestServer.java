package io.saferedisqueue.localredis.junit;

import java.net.URI;

/**
 * The Redis a test class talks to: a Testcontainers container, a local {@code redis-server}
 * process, or the server named by {@code SAFEREDISQUEUE_TEST_REDIS_URL}.
 *
 * <p>Tests share nothing through it but the server: each should use its own queue names so that an
 * external server needs no flushing.
 */
public interface RedisTestServer {

  /** {@code redis://host:port/db}, with the password when there is one. */
  String url();

  /** How this server was provided, for log lines and failure messages. */
  String description();

  /** Host name of the server. */
  default String host() {
    return URI.create(url()).getHost();
  }

  /** Port of the server. */
  default int port() {
    return URI.create(url()).getPort();
  }
}

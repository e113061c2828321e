package io.saferedisqueue.core;

/** A queue operation failed; the message names the queue and, for Redis errors, the server. */
public class SafeRedisQueueException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public SafeRedisQueueException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates the exception without a cause. */
  public SafeRedisQueueException(String message) {
    super(message);
  }
}

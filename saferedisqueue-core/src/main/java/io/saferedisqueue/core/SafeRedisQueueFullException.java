package io.saferedisqueue.core;

/**
 * Redis refused an operation because its used memory is over {@code maxmemory} and its {@code
 * maxmemory-policy} ({@code noeviction}) frees nothing: the operation changed nothing. Pushes meet
 * it (nothing of the refused push was stored); consumers keep popping, acking and failing on a full
 * Redis on Redis 7 and newer, which is how the memory comes back. The message names the endpoint
 * and the queue.
 */
public class SafeRedisQueueFullException extends SafeRedisQueueException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public SafeRedisQueueFullException(String message, Throwable cause) {
    super(message, cause);
  }
}

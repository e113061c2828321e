package io.saferedisqueue.core;

/**
 * Redis could not be reached, or refused the credentials. The message names the endpoint (host and
 * port, or socket path) and Redis's own reason. Nothing was changed by the failed operation unless
 * Redis answered after the client gave up; a push that throws this may therefore still have been
 * stored, never the reverse: a push that returned a uid was stored.
 */
public class SafeRedisQueueConnectionException extends SafeRedisQueueException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public SafeRedisQueueConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}

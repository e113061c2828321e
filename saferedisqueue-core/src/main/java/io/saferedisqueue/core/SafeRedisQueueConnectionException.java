package io.saferedisqueue.core;

/**
 * Redis could not be used for a while: it could not be reached, the connection broke or a command
 * timed out, or it was in a passing state of a failover or restart ({@code CLUSTERDOWN}, {@code
 * TRYAGAIN}, {@code MOVED}/{@code ASK}, {@code LOADING}, {@code READONLY}, {@code MASTERDOWN},
 * {@code NOREPLICAS}, {@code UNBLOCKED}). Retrying after a pause, in the same process, is right.
 * Refused credentials and missing permissions are {@link SafeRedisQueueConfigurationException}s
 * instead. The message names the endpoint (host and port, socket path, cluster nodes or Sentinel
 * master) and Redis's own reason. Nothing was changed by the failed operation unless Redis answered
 * after the client gave up; a push that throws this may therefore still have been stored, never the
 * reverse: a push that returned a uid was stored.
 */
public class SafeRedisQueueConnectionException extends SafeRedisQueueException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public SafeRedisQueueConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}

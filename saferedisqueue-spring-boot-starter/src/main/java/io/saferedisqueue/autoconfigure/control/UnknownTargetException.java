package io.saferedisqueue.autoconfigure.control;

/**
 * A queue, listener or action that the application does not have; the message names it and what is
 * known. The endpoint answers it with 400, the dashboard with 404.
 */
public class UnknownTargetException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the unknown target and the known ones. */
  public UnknownTargetException(String message) {
    super(message);
  }
}

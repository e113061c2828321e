package io.saferedisqueue.listener.api;

import java.util.Objects;

/**
 * A listener failed on an item: its handler threw, or the item's payload could not be converted to
 * the handler's parameter type. The message names the listener id, the queue and the item's uid;
 * {@link #getCause()} is what the handler (or the conversion) threw. Containers pass it to their
 * {@link SafeQueueErrorHandler}.
 */
public class ListenerExecutionFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String listenerId;
  private final String queueName;
  private final String uid;

  /** Creates the exception for the failure {@code cause} of one item. */
  public ListenerExecutionFailedException(
      String listenerId, String queueName, String uid, Throwable cause) {
    super(
        "Listener '"
            + listenerId
            + "' failed on item "
            + uid
            + " of queue '"
            + queueName
            + "': "
            + describe(cause),
        cause);
    this.listenerId = Objects.requireNonNull(listenerId, "listenerId");
    this.queueName = Objects.requireNonNull(queueName, "queueName");
    this.uid = Objects.requireNonNull(uid, "uid");
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null
        ? cause.getClass().getName()
        : cause.getClass().getName() + ": " + message;
  }

  /** Id of the listener whose handler failed. */
  public String getListenerId() {
    return listenerId;
  }

  /** Name of the queue the item came from. */
  public String getQueueName() {
    return queueName;
  }

  /** Uid of the item the handler failed on. */
  public String getUid() {
    return uid;
  }
}

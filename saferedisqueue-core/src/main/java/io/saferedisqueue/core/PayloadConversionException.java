package io.saferedisqueue.core;

/**
 * A payload could not be converted to or from the type asked for. Listeners treat it as not
 * retryable: the same bytes would fail the same way again.
 */
public class PayloadConversionException extends SafeRedisQueueException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public PayloadConversionException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates the exception without a cause. */
  public PayloadConversionException(String message) {
    super(message);
  }
}

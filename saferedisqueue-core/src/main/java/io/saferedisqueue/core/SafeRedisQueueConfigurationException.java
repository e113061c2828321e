package io.saferedisqueue.core;

/**
 * The Redis a queue uses is set up in a way the queue cannot work with, so retrying the operation
 * does not help until someone changes it: Redis refused the credentials ({@code NOAUTH}, {@code
 * WRONGPASS}), the ACL user lacks a permission the queue needs ({@code NOPERM}), the keys of one
 * operation are in different cluster slots ({@code CROSSSLOT}: a queue name without hash tag), a
 * key of the queue holds another type than the queue's layout needs (another program uses that
 * name), or the server may evict keys while {@link EvictionPolicyCheck#FAIL} was asked for. The
 * message names the endpoint, the queue, what was found and what is needed; the operation that met
 * it changed nothing.
 */
public class SafeRedisQueueConfigurationException extends SafeRedisQueueException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public SafeRedisQueueConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates the exception without a cause. */
  public SafeRedisQueueConfigurationException(String message) {
    super(message);
  }
}

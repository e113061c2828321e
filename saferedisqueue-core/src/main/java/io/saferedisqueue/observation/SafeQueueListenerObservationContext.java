package io.saferedisqueue.observation;

import io.micrometer.observation.transport.ReceiverContext;
import java.util.Map;

/**
 * Context of a {@link SafeRedisQueueObservation#LISTENER listener observation}. Its carrier is the
 * item's entry of the queue's headers hash, which holds the trace context of the push; an item
 * pushed without one (by a Python client, or without observation) has an empty carrier, and its
 * listener's observation starts a new trace.
 */
public class SafeQueueListenerObservationContext extends ReceiverContext<Map<String, String>> {

  private final String listenerId;
  private final String queueName;
  private final String uid;
  private final int deliveries;

  /**
   * Creates the context of one listener invocation.
   *
   * @param listenerId id of the listener
   * @param queueName name of the queue
   * @param uid uid of the item
   * @param deliveries delivery number of the item
   * @param headers the item's headers (may be read lazily, on the first lookup)
   */
  public SafeQueueListenerObservationContext(
      String listenerId,
      String queueName,
      String uid,
      int deliveries,
      Map<String, String> headers) {
    super((carrier, key) -> carrier.get(key));
    this.listenerId = listenerId;
    this.queueName = queueName;
    this.uid = uid;
    this.deliveries = deliveries;
    setCarrier(headers);
    setRemoteServiceName("Redis");
  }

  /** Id of the listener. */
  public String getListenerId() {
    return listenerId;
  }

  /** Name of the queue. */
  public String getQueueName() {
    return queueName;
  }

  /** Uid of the item. */
  public String getUid() {
    return uid;
  }

  /** Delivery number of the item (1 on the first delivery). */
  public int getDeliveries() {
    return deliveries;
  }
}

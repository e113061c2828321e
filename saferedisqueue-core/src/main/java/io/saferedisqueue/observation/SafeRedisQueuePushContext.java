package io.saferedisqueue.observation;

import io.micrometer.observation.transport.SenderContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Context of a {@link SafeRedisQueueObservation#PUSH push observation}. Its carrier is a map that
 * the tracing handler fills with the trace context (for W3C, {@code traceparent} and {@code
 * tracestate}) when the observation starts; the queue then stores it with the items, in the queue's
 * headers hash, never in the payload.
 */
public class SafeRedisQueuePushContext extends SenderContext<Map<String, String>> {

  private final String queueName;
  private final int itemCount;

  /**
   * Creates the context of a push.
   *
   * @param queueName the queue's name
   * @param itemCount how many items this call pushes
   */
  public SafeRedisQueuePushContext(String queueName, int itemCount) {
    super((carrier, key, value) -> carrier.put(key, value));
    this.queueName = queueName;
    this.itemCount = itemCount;
    setCarrier(new LinkedHashMap<>());
    setRemoteServiceName("Redis");
  }

  /** Name of the queue pushed to. */
  public String getQueueName() {
    return queueName;
  }

  /** How many items the call pushes. */
  public int getItemCount() {
    return itemCount;
  }
}

package io.saferedisqueue.sample;

import io.saferedisqueue.annotation.SafeQueueListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Consumes the JSON orders of the queue {@code orders}, read into {@link Order} records. To show
 * the requeue, every {@code sample.orders.fail-every}-th delivery throws: the starter's default
 * error handler fails the item, which goes back to the end of the queue and is delivered again.
 */
@Component
class OrderListener {

  private static final Log logger = LogFactory.getLog(OrderListener.class);

  private final int failEvery;
  private final AtomicInteger deliveries = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final List<Order> processed = new CopyOnWriteArrayList<>();

  OrderListener(@Value("${sample.orders.fail-every:3}") int failEvery) {
    this.failEvery = failEvery;
  }

  @SafeQueueListener(queue = "orders", concurrency = "${sample.orders.concurrency:2}")
  void onOrder(Order order) {
    if (failEvery > 0 && deliveries.incrementAndGet() % failEvery == 0) {
      failures.incrementAndGet();
      throw new IllegalStateException(
          "Simulated failure while processing order "
              + order.id()
              + "; it will be delivered again");
    }
    processed.add(order);
    logger.info("Processed " + order);
  }

  /** The orders processed so far. */
  List<Order> processed() {
    return List.copyOf(processed);
  }

  /** How many deliveries failed on purpose. */
  int failures() {
    return failures.get();
  }
}

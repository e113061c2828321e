package com.example.orders;

import io.saferedisqueue.annotation.SafeQueueListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

@Component
class OrderListener {

  private final List<Order> shipped = new CopyOnWriteArrayList<>();

  // JSON to a record or POJO; String, byte[], SafeRedisQueueItem, @SafeQueueUid String work too.
  @SafeQueueListener(queue = "orders", concurrency = "${orders.concurrency:4}")
  void onOrder(Order order) {
    if (order.quantity() < 1) {
      // Throwing fails the item: retried up to max-deliveries, then a dead letter.
      throw new IllegalArgumentException("Order " + order.id() + " has no quantity");
    }
    shipped.add(order); // returning acks the item
  }

  List<Order> shipped() {
    return shipped;
  }
}

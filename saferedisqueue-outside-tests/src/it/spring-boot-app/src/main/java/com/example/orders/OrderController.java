package com.example.orders;

import io.saferedisqueue.core.SafeRedisQueue;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OrderController {

  private final SafeRedisQueue orders;

  OrderController(@Qualifier("orders") SafeRedisQueue orders) {
    this.orders = orders;
  }

  @PostMapping("/orders")
  String place(@RequestBody Order order) {
    return orders.pushValue(order); // JSON; returns the item's uid
  }
}

package com.example.orders;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;

public class PlainJavaQueue {

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "redis://localhost:6379/0";
    try (SafeRedisQueue queue = SafeRedisQueue.builder(url).name("orders").build()) {
      String uid = queue.push("Good stuff"); // returns the item's uid
      SafeRedisQueueItem item = queue.pop().orElseThrow(); // blocks until an item comes
      process(item.payloadAsString());
      queue.ack(item.uid()); // or queue.fail(item.uid()) to requeue it
    }
  }

  static void process(String payload) {
    System.out.println("Processed " + payload);
  }
}

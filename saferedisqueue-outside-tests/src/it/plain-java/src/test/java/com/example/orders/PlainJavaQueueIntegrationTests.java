package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.core.SafeRedisQueueSizes;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's plain-Java program, on saferedisqueue-core alone, against a real redis-server. */
@ExtendWith(RedisTestExtension.class)
class PlainJavaQueueIntegrationTests {

  @Test
  void theReadmeProgramPushesPopsAndAcks(RedisTestServer redis) {
    PlainJavaQueue.main(new String[] {redis.url()});

    try (SafeRedisQueue queue = SafeRedisQueue.builder(redis.url()).name("orders").build()) {
      SafeRedisQueueSizes sizes = queue.admin().sizes();
      assertEquals(0, sizes.waiting(), "waiting items after the program: " + sizes);
      assertEquals(0, sizes.inFlight(), "items in flight after the program (not acked): " + sizes);
    }
  }

  @Test
  void aPoppedItemIsTheOnePushedAndItsAckIsAccepted(RedisTestServer redis) {
    try (SafeRedisQueue queue = SafeRedisQueue.builder(redis.url()).name("invoices").build()) {
      String uid = queue.push("Good stuff");
      SafeRedisQueueItem item = queue.pop().orElseThrow();

      assertEquals(uid, item.uid());
      assertEquals("Good stuff", item.payloadAsString());
      assertTrue(queue.ack(item.uid()), "the ack of an item in flight is accepted");
      assertEquals(0, queue.admin().sizes().inFlight());
    }
  }
}

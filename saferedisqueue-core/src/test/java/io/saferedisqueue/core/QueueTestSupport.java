package io.saferedisqueue.core;

import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.UUID;

/** Unique queue names and queues on the test class's Redis. */
final class QueueTestSupport {

  private QueueTestSupport() {}

  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static SafeRedisQueue queue(RedisTestServer redis, String name) {
    return SafeRedisQueue.builder(redis.url()).name(name).build();
  }

  static SafeRedisQueue queue(RedisTestServer redis, String name, Duration autoclean) {
    return SafeRedisQueue.builder(redis.url()).name(name).autocleanInterval(autoclean).build();
  }
}

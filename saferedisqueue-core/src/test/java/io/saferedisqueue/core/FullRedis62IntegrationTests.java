package io.saferedisqueue.core;

import io.saferedisqueue.localredis.LocalRedisServer;

/**
 * {@link FullRedisContractTests} on Redis 6.2 (the binary the embedded-redis jar ships), which
 * knows no script flags: the scripts run without their flags line.
 */
class FullRedis62IntegrationTests extends FullRedisContractTests {

  @Override
  LocalRedisServer.Builder server() {
    return LocalRedisServer.builder().shippedBinary();
  }
}

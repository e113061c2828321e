package io.saferedisqueue.core;

import io.saferedisqueue.localredis.LocalRedisServer;

/** {@link FullRedisContractTests} on the {@code redis-server} of the machine (Redis 7). */
class FullRedisIntegrationTests extends FullRedisContractTests {

  @Override
  LocalRedisServer.Builder server() {
    return LocalRedisServer.builder();
  }
}

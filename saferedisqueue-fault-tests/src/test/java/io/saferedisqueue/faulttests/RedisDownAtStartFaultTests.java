package io.saferedisqueue.faulttests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fault 4: Redis is down when the application starts. A port that accepts TCP connections and
 * closes them at once stands in for the dead server and counts the connection attempts.
 */
class RedisDownAtStartFaultTests {

  @Test
  void aClearMessageBoundedReconnectsAndWorkOnceRedisIsBack() throws Exception {
    int port = LocalRedisServer.freePort();
    AtomicInteger attempts = new AtomicInteger();
    ServerSocket dead = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!dead.isClosed()) {
                try (Socket socket = dead.accept()) {
                  attempts.incrementAndGet();
                } catch (IOException ex) {
                  return;
                }
              }
            });
    acceptor.start();
    String expected = "Cannot use Redis at redis://127.0.0.1:" + port + "/0";
    try (ConsumerProcess consumer =
        ConsumerProcess.start(
            "--spring.data.redis.host=127.0.0.1",
            "--spring.data.redis.port=" + port,
            "--spring.data.redis.timeout=1s",
            "--spring.data.redis.connect-timeout=1s",
            "--fault.queue=late",
            "--fault.concurrency=2")) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> consumer.output().contains(expected) || !consumer.isAlive());
      assertThat(consumer.isAlive()).as(consumer.output()).isTrue();
      int before = attempts.get();
      Thread.sleep(10_000);
      int during = attempts.get() - before;
      System.out.printf("redis down at start: %d connection attempts in 10 s%n", during);
      // Two consumer threads plus the autoclean job, each backing off to one try per few seconds.
      assertThat(during).isLessThanOrEqualTo(60);
      assertThat(consumer.output()).contains(expected);

      dead.close();
      acceptor.join(5000);
      try (LocalRedisServer redis = LocalRedisServer.builder().port(port).build().start();
          SafeRedisQueue queue = SafeRedisQueue.builder(redis.url()).name("late").build();
          RedisInspector inspector = RedisInspector.connect(redis.url())) {
        String uid = queue.push("finally");
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    ConsumerCrashFaultTests.handled(inspector, "fault:late:handled").contains(uid));
        assertThat(consumer.isAlive()).isTrue();
      }
    } finally {
      dead.close();
    }
  }
}

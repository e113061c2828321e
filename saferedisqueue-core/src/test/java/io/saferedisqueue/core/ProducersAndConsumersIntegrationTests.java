package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisTestExtension.class)
class ProducersAndConsumersIntegrationTests {

  private static final int PRODUCERS = 4;
  private static final int CONSUMERS = 4;
  private static final int ITEMS = 20_000;

  private final RedisTestServer redis;

  ProducersAndConsumersIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @Test
  void fourProducersAndFourConsumersDeliverEveryItemExactlyOnce() throws Exception {
    String name = QueueTestSupport.uniqueName("stress");
    // Separate instances, as separate processes would have; each with its own connection.
    List<SafeRedisQueue> queues = new ArrayList<>();
    for (int i = 0; i < PRODUCERS + CONSUMERS; i++) {
      queues.add(QueueTestSupport.queue(redis, name));
    }
    Map<String, String> pushed = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    AtomicInteger produced = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + CONSUMERS);
    try {
      List<Future<?>> producers = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        SafeRedisQueue queue = queues.get(p);
        int producer = p;
        producers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < ITEMS / PRODUCERS; i++) {
                    String payload = "p" + producer + "-" + i;
                    pushed.put(queue.push(payload), payload);
                    produced.incrementAndGet();
                  }
                }));
      }
      List<Future<?>> consumers = new ArrayList<>();
      for (int c = 0; c < CONSUMERS; c++) {
        SafeRedisQueue queue = queues.get(PRODUCERS + c);
        consumers.add(
            pool.submit(
                () -> {
                  while (true) {
                    SafeRedisQueueItem item = queue.pop(Duration.ofSeconds(2)).orElse(null);
                    if (item == null) {
                      if (produced.get() == ITEMS) {
                        return;
                      }
                      continue;
                    }
                    deliveries
                        .computeIfAbsent(item.uid(), k -> new AtomicInteger())
                        .incrementAndGet();
                    assertThat(item.payloadAsString()).startsWith("p");
                    queue.ack(item.uid());
                  }
                }));
      }
      for (Future<?> f : producers) {
        f.get(120, TimeUnit.SECONDS);
      }
      for (Future<?> f : consumers) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      queues.forEach(SafeRedisQueue::close);
    }
    assertThat(pushed).hasSize(ITEMS);
    assertThat(deliveries.keySet()).isEqualTo(pushed.keySet());
    assertThat(deliveries.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    try (SafeRedisQueue check = QueueTestSupport.queue(redis, name);
        RedisInspector inspector = RedisInspector.connect(redis.url())) {
      assertThat(check.admin().sizes()).isEqualTo(new SafeRedisQueueSizes(0, 0, 0));
      assertThat(inspector.hashSize(SafeRedisQueueKeys.forName(name).items())).isZero();
    }
  }
}

package io.saferedisqueue.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.saferedisqueue.micrometer.MicrometerSafeRedisQueueMetrics;
import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Reads the queues' counters from the application's {@link MeterRegistry}, where {@link
 * MicrometerSafeRedisQueueMetrics} registers them; queues without counters (metrics off, or a queue
 * this process does not use) have none.
 */
final class MicrometerQueueCounters implements QueueCounters {

  private final ObjectProvider<MeterRegistry> registry;

  MicrometerQueueCounters(ObjectProvider<MeterRegistry> registry) {
    this.registry = registry;
  }

  @Override
  public @Nullable Counts counts(String queueName) {
    MeterRegistry meters = registry.getIfUnique();
    if (meters == null) {
      return null;
    }
    Collection<Counter> pushed =
        counters(meters, MicrometerSafeRedisQueueMetrics.PUSHED, queueName);
    if (pushed.isEmpty()) {
      return null;
    }
    return new Counts(
        sum(pushed),
        sum(counters(meters, MicrometerSafeRedisQueueMetrics.ACKED, queueName)),
        sum(counters(meters, MicrometerSafeRedisQueueMetrics.FAILED, queueName)));
  }

  private static Collection<Counter> counters(MeterRegistry meters, String name, String queue) {
    return meters.find(name).tag(MicrometerSafeRedisQueueMetrics.QUEUE_TAG, queue).counters();
  }

  private static double sum(Collection<Counter> counters) {
    double sum = 0;
    for (Counter counter : counters) {
      sum += counter.count();
    }
    return sum;
  }
}

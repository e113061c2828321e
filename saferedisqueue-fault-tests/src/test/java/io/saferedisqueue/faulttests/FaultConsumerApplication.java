package io.saferedisqueue.faulttests;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.core.SafeRedisQueueItem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The consumer process of the fault tests: a Spring Boot application with one
 * {@code @SafeQueueListener} that records every uid it handles (before its ack) in the Redis list
 * {@code fault:<queue>:handled}, so a test can count deliveries and duplicates across processes.
 */
@SpringBootApplication
public class FaultConsumerApplication {

  /** Runs the consumer until it is killed. */
  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(FaultConsumerApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.run(args);
  }

  /** Handles items: optional work time, then records the uid. */
  @Component
  static class Worker {
    private final StringRedisTemplate redis;
    private final String handledKey;
    private final long workMillis;

    Worker(
        StringRedisTemplate redis,
        @Value("${fault.queue}") String queue,
        @Value("${fault.work-ms:0}") long workMillis) {
      this.redis = redis;
      this.handledKey = "fault:" + queue + ":handled";
      this.workMillis = workMillis;
    }

    @SafeQueueListener(
        id = "fault",
        queue = "${fault.queue}",
        concurrency = "${fault.concurrency:4}")
    void handle(SafeRedisQueueItem item) throws InterruptedException {
      if (workMillis > 0) {
        Thread.sleep(workMillis);
      }
      redis.opsForList().rightPush(handledKey, item.uid());
    }
  }
}

package io.saferedisqueue.sample;

import io.saferedisqueue.core.SafeRedisQueue;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Pushes a few orders (as JSON) and greetings (as text) when the demo starts, and, with {@code
 * sample.demo-producer.every} set (such as {@code 500ms}), one more of each at that rate until the
 * application stops, so the dashboard has something to show. The queues are the beans the starter
 * registers for {@code saferedisqueue.queues.orders} and {@code saferedisqueue.queues.greetings} in
 * {@code application.yml}.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.demo-producer.enabled", matchIfMissing = true)
class DemoProducer implements ApplicationRunner, DisposableBean {

  private static final Log logger = LogFactory.getLog(DemoProducer.class);

  private static final String[] PRODUCTS = {"coffee", "tea", "cake", "bagel", "juice"};

  private final SafeRedisQueue orders;
  private final SafeRedisQueue greetings;
  private final int count;
  private final @Nullable Duration every;
  private final AtomicInteger pushed = new AtomicInteger();
  private @Nullable ScheduledExecutorService trickle;

  DemoProducer(
      @Qualifier("orders") SafeRedisQueue orders,
      @Qualifier("greetings") SafeRedisQueue greetings,
      @Value("${sample.demo-producer.count:5}") int count,
      @Value("${sample.demo-producer.every:#{null}}") @Nullable Duration every) {
    this.orders = orders;
    this.greetings = greetings;
    this.count = count;
    this.every = every;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (int i = 1; i <= count; i++) {
      pushOne(true);
    }
    Duration interval = every;
    if (interval != null && !interval.isZero() && !interval.isNegative()) {
      ScheduledExecutorService scheduler =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "sample-demo-producer");
                thread.setDaemon(true);
                return thread;
              });
      scheduler.scheduleAtFixedRate(
          () -> {
            try {
              pushOne(false);
            } catch (RuntimeException ex) {
              logger.warn("Demo producer: " + ex.getMessage());
            }
          },
          interval.toMillis(),
          interval.toMillis(),
          TimeUnit.MILLISECONDS);
      trickle = scheduler;
      logger.info("Demo producer: one order and one greeting every " + interval);
    }
  }

  private void pushOne(boolean log) {
    int i = pushed.incrementAndGet();
    Order order = new Order("A-" + i, PRODUCTS[(i - 1) % PRODUCTS.length], i);
    String orderUid = orders.pushValue(order);
    String greetingUid = greetings.push("Hello World #" + i);
    if (log) {
      logger.info(
          "Pushed " + order + " as " + orderUid + " and greeting #" + i + " as " + greetingUid);
    }
  }

  @Override
  public void destroy() {
    ScheduledExecutorService scheduler = trickle;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}

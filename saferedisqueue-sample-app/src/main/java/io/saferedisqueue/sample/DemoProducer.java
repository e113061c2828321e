package io.saferedisqueue.sample;

import io.saferedisqueue.core.SafeRedisQueue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Pushes a few orders (as JSON) and greetings (as text) when the demo starts. The queues are the
 * beans the starter registers for {@code saferedisqueue.queues.orders} and {@code
 * saferedisqueue.queues.greetings} in {@code application.yml}.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.demo-producer.enabled", matchIfMissing = true)
class DemoProducer implements ApplicationRunner {

  private static final Log logger = LogFactory.getLog(DemoProducer.class);

  private static final String[] PRODUCTS = {"coffee", "tea", "cake", "bagel", "juice"};

  private final SafeRedisQueue orders;
  private final SafeRedisQueue greetings;
  private final int count;

  DemoProducer(
      @Qualifier("orders") SafeRedisQueue orders,
      @Qualifier("greetings") SafeRedisQueue greetings,
      @org.springframework.beans.factory.annotation.Value("${sample.demo-producer.count:5}")
          int count) {
    this.orders = orders;
    this.greetings = greetings;
    this.count = count;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (int i = 1; i <= count; i++) {
      Order order = new Order("A-" + i, PRODUCTS[(i - 1) % PRODUCTS.length], i);
      String orderUid = orders.pushValue(order);
      String greetingUid = greetings.push("Hello World #" + i);
      logger.info(
          "Pushed " + order + " as " + orderUid + " and greeting #" + i + " as " + greetingUid);
    }
  }
}

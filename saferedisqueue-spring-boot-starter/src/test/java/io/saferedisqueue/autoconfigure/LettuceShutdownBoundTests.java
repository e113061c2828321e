package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The bound itself, on a connection factory whose stop never returns (as Lettuce's client shutdown
 * can when every node is gone) and on one that stops at once. No Redis is involved.
 */
@ExtendWith(OutputCaptureExtension.class)
class LettuceShutdownBoundTests {

  @Test
  void aFactoryThatNeverStopsIsLeftBehindWithAWarning(CapturedOutput output) throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger stops = new AtomicInteger();
    LettuceConnectionFactory hanging =
        new LettuceConnectionFactory() {
          @Override
          public void stop() {
            stops.incrementAndGet();
            try {
              never.await();
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
            }
          }
        };
    LettuceShutdownBound bound = bound(hanging, Duration.ofMillis(300));
    bound.start();
    Thread stopping = new Thread(bound::stop);
    stopping.start();
    stopping.join(30_000);
    try {
      assertThat(stopping.isAlive()).as("the bound's stop returned").isFalse();
      assertThat(stops).hasValue(1);
      assertThat(bound.isRunning()).isFalse();
      assertThat(output)
          .contains("did not shut down within saferedisqueue.lettuce.stop-timeout (PT0.3S)");
    } finally {
      never.countDown();
    }
  }

  @Test
  void aFactoryThatStopsIsStoppedWithoutAWarning(CapturedOutput output) {
    AtomicInteger stops = new AtomicInteger();
    LettuceConnectionFactory quick =
        new LettuceConnectionFactory() {
          @Override
          public void stop() {
            stops.incrementAndGet();
          }
        };
    LettuceShutdownBound bound = bound(quick, Duration.ofSeconds(10));
    bound.start();
    assertThat(bound.isRunning()).isTrue();
    bound.stop();
    assertThat(stops).hasValue(1);
    assertThat(output).doesNotContain("did not shut down");
    assertThat(bound.getPhase()).isGreaterThan(quick.getPhase());
  }

  private static LettuceShutdownBound bound(LettuceConnectionFactory factory, Duration timeout) {
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    beans.registerSingleton("redisConnectionFactory", factory);
    return new LettuceShutdownBound(beans.getBeanProvider(LettuceConnectionFactory.class), timeout);
  }
}

package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.SafeRedisQueueFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Closes the queues of an {@link AutoCloseable} queue factory while the application context closes,
 * after the listener containers have stopped (their phase is higher) and before Lettuce's
 * connection factory stops (phase 0). Left to bean destruction, the queues would close their
 * blocking connections after Lettuce had already closed them, and Lettuce warns about each one.
 *
 * <p>A plain {@code stop()} of the context (without closing it) leaves the queues open, since a
 * closed queue cannot be opened again.
 */
final class SafeRedisQueueFactoryShutdown
    implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

  /** Below the listener registry ({@code Integer.MAX_VALUE - 100}), above Lettuce (0). */
  static final int PHASE = Integer.MAX_VALUE - 1000;

  private final SafeRedisQueueFactory queueFactory;
  private volatile boolean running;
  private volatile boolean contextClosing;
  private @Nullable ApplicationContext applicationContext;

  SafeRedisQueueFactoryShutdown(SafeRedisQueueFactory queueFactory) {
    this.queueFactory = queueFactory;
  }

  @Override
  public void setApplicationContext(ApplicationContext applicationContext) {
    this.applicationContext = applicationContext;
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    // A child context closing announces it here too; only our own context counts.
    if (event.getApplicationContext() == applicationContext) {
      contextClosing = true;
    }
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    if (contextClosing && queueFactory instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ex) {
        // Closing is best effort; bean destruction closes again.
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}

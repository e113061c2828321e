package io.saferedisqueue.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Stops the application's Lettuce connection factories while the context stops, each on a daemon
 * thread, waiting at most the stop timeout in all. Lettuce's client shutdown can wait forever for
 * connections to nodes that are gone (Lettuce issue 2278), which would hold a shutdown hook and so
 * the process; past the timeout this logs a warning and lets the context go on closing. The
 * factory's own later stop and destroy then return at once, since it is already stopping.
 *
 * <p>Its phase is just above the factories' (0), so it runs after every listener container and
 * queue has stopped using Redis.
 */
final class LettuceShutdownBound implements SmartLifecycle {

  /** Just above {@link LettuceConnectionFactory}'s default phase. */
  static final int PHASE = 1;

  private static final Log logger = LogFactory.getLog(LettuceShutdownBound.class);

  private final ObjectProvider<LettuceConnectionFactory> factories;
  private final Duration timeout;
  private volatile boolean running;

  LettuceShutdownBound(ObjectProvider<LettuceConnectionFactory> factories, Duration timeout) {
    this.factories = factories;
    this.timeout = timeout;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    List<LettuceConnectionFactory> toStop = factories.orderedStream().toList();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (LettuceConnectionFactory factory : toStop) {
      Thread stopper = new Thread(factory::stop, "saferedisqueue-lettuce-stop");
      stopper.setDaemon(true);
      stopper.start();
      try {
        stopper.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
      if (stopper.isAlive()) {
        logger.warn(
            "Lettuce's connection factory did not shut down within saferedisqueue.lettuce"
                + ".stop-timeout ("
                + timeout
                + "), probably waiting for Redis nodes that are gone; the application stops"
                + " without waiting for it");
        return;
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

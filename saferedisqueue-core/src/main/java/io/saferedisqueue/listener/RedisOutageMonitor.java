package io.saferedisqueue.listener;

import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueDurabilityException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Tells one container's fetcher and workers about Redis outages: logs the first failure of an
 * outage at WARN (later ones at DEBUG) and the recovery at INFO, and makes callers wait the
 * recovery back-off between attempts. A stop ends every wait at once.
 */
final class RedisOutageMonitor {

  private static final Log logger = LogFactory.getLog(RedisOutageMonitor.class);

  private final String listenerId;
  private final String queueName;
  private final BackOff recoveryBackOff;
  private final AtomicBoolean outage = new AtomicBoolean();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopped = lock.newCondition();
  private volatile long outageStartNanos;
  private volatile boolean stopping;

  RedisOutageMonitor(String listenerId, String queueName, BackOff recoveryBackOff) {
    this.listenerId = listenerId;
    this.queueName = queueName;
    this.recoveryBackOff = recoveryBackOff;
  }

  /**
   * A Redis call failed: logs it once per outage. A configuration error (a key of the queue holds
   * another program's data, a name without hash tag on a cluster, refused credentials, an evicting
   * Redis the queue refuses) is logged at ERROR, since waiting will not fix it; replicas that do
   * not confirm a durable write in time are named as such, not as an unreachable Redis.
   */
  void failed(RuntimeException ex) {
    if (ex instanceof SafeRedisQueueConfigurationException && outage.compareAndSet(false, true)) {
      outageStartNanos = System.nanoTime();
      logger.error(
          "Listener '"
              + listenerId
              + "' cannot consume queue '"
              + queueName
              + "' until its Redis is set up differently (a configuration error, not an outage);"
              + " retrying at the longest recovery interval: "
              + ex.getMessage());
    } else if (ex instanceof SafeRedisQueueDurabilityException
        && outage.compareAndSet(false, true)) {
      outageStartNanos = System.nanoTime();
      logger.warn(
          "Listener '"
              + listenerId
              + "': the replicas of queue '"
              + queueName
              + "' do not confirm its writes in time (they are done on the primary, which"
              + " answers); retrying "
              + describe(recoveryBackOff)
              + " until the replicas do: "
              + ex.getMessage());
    } else if (outage.compareAndSet(false, true)) {
      outageStartNanos = System.nanoTime();
      logger.warn(
          "Listener '"
              + listenerId
              + "' cannot use Redis for queue '"
              + queueName
              + "'; retrying "
              + describe(recoveryBackOff)
              + " until it answers: "
              + ex.getMessage());
    } else if (logger.isDebugEnabled()) {
      logger.debug("Listener '" + listenerId + "': Redis still failing: " + ex.getMessage());
    }
  }

  /** A Redis call went through: ends the outage, if any, with one INFO line. */
  void answered() {
    if (outage.get() && outage.compareAndSet(true, false) && logger.isInfoEnabled()) {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageStartNanos);
      logger.info(
          "Listener '"
              + listenerId
              + "' reached Redis again for queue '"
              + queueName
              + "' after "
              + millis
              + " ms");
    }
  }

  /** Whether a Redis call failed and none has succeeded since. */
  boolean inOutage() {
    return outage.get();
  }

  /** Ends the current and all later waits at once (the container stops). */
  void stop() {
    lock.lock();
    try {
      stopping = true;
      stopped.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A fresh back-off for one caller (fetcher or worker). */
  Recovery recovery() {
    return new Recovery();
  }

  static String describe(BackOff backOff) {
    if (backOff instanceof ExponentialBackOff exponential) {
      return "every "
          + exponential.getInitialInterval()
          + "ms (x"
          + exponential.getMultiplier()
          + " up to "
          + exponential.getMaxInterval()
          + "ms)";
    }
    return "after the delays of " + backOff;
  }

  /** The recovery back-off of one caller; not thread-safe, each caller has its own. */
  final class Recovery {

    private @Nullable BackOffExecution execution;
    private long delay;

    /** Redis answered: the next outage starts the back-off afresh. */
    void reset() {
      execution = null;
    }

    /**
     * Waits the next delay of the back-off, or less when the container stops. A back-off that stops
     * keeps its last delay: the container never gives up on Redis.
     */
    void await() {
      await(false);
    }

    /**
     * As {@link #await()}; after a configuration error the back-off jumps to its longest delay,
     * since retrying quickly cannot help.
     */
    void await(boolean configurationError) {
      BackOffExecution current = execution;
      if (current == null) {
        current = recoveryBackOff.start();
        execution = current;
      }
      long next = current.nextBackOff();
      if (next != BackOffExecution.STOP) {
        delay = Math.max(0, next);
      }
      if (configurationError) {
        for (int i = 0; i < 64 && (next = current.nextBackOff()) != BackOffExecution.STOP; i++) {
          delay = Math.max(delay, next);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
      lock.lock();
      try {
        long remaining;
        while (!stopping && (remaining = deadline - System.nanoTime()) > 0) {
          stopped.awaitNanos(remaining);
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
    }
  }
}

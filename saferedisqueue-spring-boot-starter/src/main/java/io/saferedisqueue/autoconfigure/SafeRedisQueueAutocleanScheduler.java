package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link io.saferedisqueue.core.SafeRedisQueueAdmin#autoclean()} in the background for every
 * queue that a {@link SafeRedisQueueFactory} has handed out, including queues created after
 * start-up, so that the items of crashed consumers are requeued even while nobody pops.
 *
 * <p>Each queue is tried about four times per autoclean interval (at most every {@value
 * #MIN_ATTEMPT_MILLIS} ms). Trying more often than the interval costs one cheap script call; the
 * rotation's own lock in Redis still lets only one rotation per interval through, so any number of
 * application instances share the work safely. Queues whose autoclean is disabled, and queues the
 * given predicate excludes, are left alone.
 *
 * <p>It needs no {@code @EnableScheduling}: it owns one daemon thread, started and stopped with the
 * application context. A Redis error is logged (once per failure streak at WARN) and the queue is
 * tried again at its next turn; the job never stops because of one.
 */
public final class SafeRedisQueueAutocleanScheduler implements SmartLifecycle {

  /** Shortest time between two attempts on one queue. */
  static final long MIN_ATTEMPT_MILLIS = 50;

  /** Longest sleep of the thread, which bounds how late a newly created queue is noticed. */
  private static final long MAX_SLEEP_MILLIS = 500;

  private static final long FIRST_SWEEP_DELAY_MILLIS = 1000;

  /**
   * How long stop waits for a running attempt. An abandoned attempt is harmless (one atomic script
   * that either ran or did not), so stopping does not wait for a slow Redis.
   */
  private static final long STOP_WAIT_MILLIS = 500;

  private static final Log logger = LogFactory.getLog(SafeRedisQueueAutocleanScheduler.class);

  private final SafeRedisQueueFactory queueFactory;
  private final Predicate<String> jobEnabled;
  private final Map<String, QueueState> states = new ConcurrentHashMap<>();
  private @Nullable ScheduledExecutorService executor;

  /**
   * Creates the job.
   *
   * @param queueFactory the factory whose queues are cleaned
   * @param jobEnabled whether the job cleans the queue of a name
   */
  public SafeRedisQueueAutocleanScheduler(
      SafeRedisQueueFactory queueFactory, Predicate<String> jobEnabled) {
    this.queueFactory = Objects.requireNonNull(queueFactory, "queueFactory");
    this.jobEnabled = Objects.requireNonNull(jobEnabled, "jobEnabled");
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    ScheduledExecutorService started =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "saferedisqueue-autoclean");
              thread.setDaemon(true);
              return thread;
            });
    executor = started;
    // Start-up has enough to do; the first rotation is not urgent.
    started.schedule(this::sweepAndReschedule, FIRST_SWEEP_DELAY_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    ScheduledExecutorService running = executor;
    if (running == null) {
      return;
    }
    executor = null;
    running.shutdownNow();
    try {
      running.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  private void sweepAndReschedule() {
    long sleepMillis = MAX_SLEEP_MILLIS;
    try {
      sleepMillis = sweep(System.nanoTime());
    } catch (RuntimeException ex) {
      logger.error("saferedisqueue autoclean job failed; it goes on", ex);
    } finally {
      ScheduledExecutorService running;
      synchronized (this) {
        running = executor;
      }
      if (running != null && !running.isShutdown()) {
        try {
          running.schedule(this::sweepAndReschedule, sleepMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException ex) {
          // Stopped meanwhile.
        }
      }
    }
  }

  /**
   * Tries every queue that is due; returns how long to sleep until the next one is due.
   *
   * @param now {@link System#nanoTime()}
   */
  long sweep(long now) {
    long nextDue = now + TimeUnit.MILLISECONDS.toNanos(MAX_SLEEP_MILLIS);
    for (SafeRedisQueue queue : queueFactory.getQueues()) {
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      Optional<Duration> interval = queue.settings().autocleanInterval();
      if (interval.isEmpty() || !jobEnabled.test(queue.name())) {
        continue;
      }
      QueueState state = states.computeIfAbsent(queue.name(), name -> new QueueState(now));
      if (now - state.nextAttempt >= 0) {
        attempt(queue, state);
        state.nextAttempt = now + attemptPeriodNanos(interval.get());
      }
      if (state.nextAttempt - nextDue < 0) {
        nextDue = state.nextAttempt;
      }
    }
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextDue - now));
  }

  private void attempt(SafeRedisQueue queue, QueueState state) {
    try {
      long requeued = queue.admin().autoclean();
      if (state.failing) {
        state.failing = false;
        logger.info("saferedisqueue autoclean of queue '" + queue.name() + "' works again");
      }
      if (requeued > 0) {
        logger.info(
            "saferedisqueue autoclean requeued "
                + requeued
                + " unacknowledged item(s) of queue '"
                + queue.name()
                + "'");
      }
    } catch (RuntimeException ex) {
      if (!isRunning()) {
        return; // stopped meanwhile: the connection is going away
      }
      if (!state.failing && ex instanceof SafeRedisQueueConfigurationException) {
        // Waiting does not fix a refused password, a missing permission or a foreign key type.
        state.failing = true;
        logger.error(
            "saferedisqueue autoclean of queue '"
                + queue.name()
                + "' cannot run until its Redis is set up differently (a configuration error,"
                + " not an outage); it keeps trying: "
                + ex.getMessage());
      } else if (!state.failing) {
        state.failing = true;
        logger.warn(
            "saferedisqueue autoclean of queue '"
                + queue.name()
                + "' failed, will retry: "
                + ex.getMessage());
      } else if (logger.isDebugEnabled()) {
        logger.debug("saferedisqueue autoclean of queue '" + queue.name() + "' failed again", ex);
      }
    }
  }

  static long attemptPeriodNanos(Duration interval) {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(MIN_ATTEMPT_MILLIS), interval.toNanos() / 4);
  }

  /** Per queue: when to try next, and whether the last try failed. */
  private static final class QueueState {
    volatile long nextAttempt;
    volatile boolean failing;

    QueueState(long nextAttempt) {
      this.nextAttempt = nextAttempt;
    }
  }
}

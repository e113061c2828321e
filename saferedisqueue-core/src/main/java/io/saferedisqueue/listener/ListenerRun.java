package io.saferedisqueue.listener;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One run of a container, from {@link SafeQueueListenerContainer#start()} to its stop: the fetcher,
 * the worker pool, the lease renewal, the ack batcher and the outage monitor, all with the settings
 * taken at start. Stopping is in two steps so that a registry can stop many containers in parallel:
 * {@link #beginStop()} stops fetching and releases what waits, {@link #awaitStop} waits for running
 * handlers up to a deadline.
 */
final class ListenerRun {

  private static final Log logger = LogFactory.getLog(ListenerRun.class);

  private final String listenerId;
  private final SafeRedisQueue queue;
  private final SafeQueueListenerSettings settings;
  private final RedisOutageMonitor outage;
  private final LeaseRenewer leases;
  private final @Nullable AckBatcher ackBatcher;
  private final WorkerPool pool;
  private final ItemFetcher fetcher;
  private final SafeQueueErrorHandler errorHandler;
  private volatile boolean stopping;

  ListenerRun(
      String listenerId,
      SafeRedisQueue queue,
      SafeQueueListenerAdapter adapter,
      SafeQueueListenerSettings settings,
      AtomicInteger activeHandlers) {
    this.listenerId = listenerId;
    this.queue = queue;
    this.settings = settings;
    this.outage = new RedisOutageMonitor(listenerId, queue.name(), settings.recoveryBackOff());
    this.leases = new LeaseRenewer(listenerId, queue, outage, settings.leaseRenewal());
    this.ackBatcher =
        settings.ackBatchSize() > 1
            ? new AckBatcher(
                queue, settings.ackBatchSize(), settings.ackMaxDelay(), settings.ackBackOff())
            : null;
    this.errorHandler = settings.effectiveErrorHandler();
    DeliverySteps steps =
        new DeliverySteps(
            listenerId,
            queue,
            settings,
            errorHandler,
            ackBatcher,
            leases,
            outage,
            () -> stopping,
            activeHandlers);
    int perCall = adapter.itemsPerCall(settings);
    // One round trip may fill a whole batch, whatever the (smaller) fetch batch size.
    int fetchSize = Math.max(settings.batchSize(), perCall);
    this.pool =
        new WorkerPool(
            listenerId,
            settings.concurrency(),
            settings.maxConcurrency(),
            fetchSize,
            perCall,
            settings.workerIdleTimeout(),
            WorkerThreads.executor(listenerId, settings),
            adapter.handler(steps));
    this.fetcher =
        new ItemFetcher(listenerId, queue, settings, fetchSize, pool, outage, ackBatcher);
  }

  SafeQueueListenerSettings settings() {
    return settings;
  }

  SafeQueueErrorHandler errorHandler() {
    return errorHandler;
  }

  void start(boolean paused) {
    pool.start(paused);
    fetcher.start();
  }

  void pause() {
    fetcher.release(pool.pause());
  }

  void resume() {
    pool.resume();
  }

  /** Stops fetching and starting items; releases, from the calling thread, what waits. */
  void beginStop() {
    stopping = true;
    fetcher.release(pool.close());
    outage.stop();
  }

  /**
   * Waits until the fetcher and the workers have ended or the deadline (a {@link
   * System#nanoTime()}) passed, then sends the waiting acks and ends the lease renewal.
   */
  void awaitStop(long deadlineNanos) {
    boolean interrupted = false;
    int unfinished;
    try {
      unfinished = pool.awaitTermination(deadlineNanos);
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining > 0 && fetcher.thread() != Thread.currentThread()) {
        TimeUnit.NANOSECONDS.timedJoin(fetcher.thread(), remaining);
      }
    } catch (InterruptedException ex) {
      interrupted = true;
      unfinished = pool.workers();
    }
    if (ackBatcher != null) {
      ackBatcher.close();
    }
    leases.stop();
    if (unfinished > 0) {
      logger.warn(
          "Listener '"
              + listenerId
              + "' on queue '"
              + queue.name()
              + "': "
              + unfinished
              + " worker(s) still busy after the shutdown timeout of "
              + settings.shutdownTimeout()
              + "; their items stay in flight and are acked if the handlers finish, otherwise"
              + " delivered again by autoclean");
    } else if (logger.isInfoEnabled()) {
      logger.info("Stopped listener '" + listenerId + "' on queue '" + queue.name() + "'");
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  Set<String> inFlight() {
    return leases.inFlight();
  }

  int workers() {
    return pool.workers();
  }

  int highestBusy() {
    return pool.highestBusy();
  }
}

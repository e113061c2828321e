package io.saferedisqueue.listener;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.core.AckBatcher;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.api.ListenerExecutionFailedException;
import io.saferedisqueue.listener.api.RetryingErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import io.saferedisqueue.observation.SafeQueueListenerObservationConvention;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Consumes one queue on its own threads and hands each item to a {@link SafeQueueItemListener},
 * acknowledging it when the listener returns and passing it to the {@link SafeQueueErrorHandler}
 * when the listener throws (spring-rabbit's "AUTO" acknowledgement). Usable on its own, without
 * Spring; in an application context the {@link SafeQueueListenerEndpointRegistry} creates, starts
 * and stops containers.
 *
 * <p><b>Consumers.</b> {@link #start()} runs {@code concurrency} threads named {@code
 * srq-<listenerId>-<n>}. Each takes up to {@code batchSize} waiting items per round trip, or, when
 * the queue is empty, blocks in Redis for at most {@code pollTimeout} for the next one, so an idle
 * container does not poll. Items are processed one after the other per thread, in the order they
 * were taken.
 *
 * <p><b>Delivery.</b> At-least-once. An item is acked only after its listener returned; an item
 * whose processing was cut short (crash, Redis outage during the ack, a handler that outlived the
 * shutdown timeout) stays in flight and the queue's autoclean delivers it again. Acks of all
 * consumers go out in batches (one script per batch, within {@code ackMaxDelay}); an ack not yet
 * sent when the process dies means a redelivery, never a loss.
 *
 * <p><b>Failures.</b> Without an own error handler, a failing item is retried with the back-off
 * (default: at once) up to {@code maxDeliveries} deliveries (default 5), then dead-lettered;
 * payloads that cannot be converted and errors of the not-retryable types are dead-lettered at once
 * (see {@link RetryingErrorHandler}). An item delivered more than {@code maxDeliveries} times
 * without ack or fail (its consumers kept dying) is dead-lettered before it reaches the listener.
 *
 * <p><b>Lease renewal.</b> While handlers run, the container moves their items back into the young
 * generation several times per autoclean interval, so a handler that outlives the rotation is not
 * delivered a second time; if the process dies, renewals stop and autoclean requeues the items
 * within two intervals.
 *
 * <p><b>Redis outages</b> never end the consumers: a failed Redis call is logged at WARN once per
 * outage (and at INFO when Redis answers again), and the consumer retries after a back-off that
 * starts at the initial recovery interval and doubles up to the maximum. A failed ack is retried
 * the same way, so a short outage does not cause a redelivery. A {@link
 * SafeRedisQueueConfigurationException} (a key of the queue holds another program's data, or the
 * queue refuses an evicting Redis) is logged at ERROR once, and the consumers retry at the maximum
 * interval until someone fixes Redis: the container keeps running and resumes by itself.
 *
 * <p><b>Stop</b> is graceful: consumers stop fetching at once, items fetched but not started are
 * failed back to the queue right away, and {@link #stop()} waits up to the shutdown timeout for
 * handlers that are running (and for blocking pops, which return within the poll timeout). {@link
 * #pause()} stops fetching but keeps the threads; {@link #resume()} continues.
 *
 * <p><b>Observation.</b> With an {@link #setObservationRegistry ObservationRegistry}, each listener
 * invocation is an observation named {@code saferedisqueue.listener} (a timer tagged with queue,
 * listener id, result and exception when a meter handler is registered; a consumer span that
 * continues the trace of the push when tracing is on).
 *
 * <p>Settings may be changed while the container is stopped; they apply from the next {@link
 * #start()}. All public methods are thread-safe.
 */
public class SafeQueueListenerContainer {

  private static final Log logger = LogFactory.getLog(SafeQueueListenerContainer.class);

  private final String listenerId;
  private final SafeRedisQueue queue;
  private final SafeQueueItemListener listener;

  private volatile int concurrency = 1;
  private volatile int batchSize = 16;
  private volatile Duration pollTimeout = Duration.ofSeconds(1);
  private volatile Duration shutdownTimeout = Duration.ofSeconds(10);
  private volatile Duration recoveryInitial = Duration.ofMillis(100);
  private volatile Duration recoveryMax = Duration.ofSeconds(5);
  private volatile @Nullable SafeQueueErrorHandler errorHandler;
  private volatile boolean autoStartup = true;
  private volatile int maxDeliveries = 5;
  private volatile BackOff backOff = new FixedBackOff(0, FixedBackOff.UNLIMITED_ATTEMPTS);
  private volatile List<Class<? extends Throwable>> notRetryable = List.of();
  private volatile int ackBatchSize = 64;
  private volatile Duration ackMaxDelay = Duration.ofMillis(2);
  private volatile boolean leaseRenewal = true;
  private volatile SafeQueueErrorHandler effectiveErrorHandler = SafeQueueErrorHandler.requeue();
  private volatile @Nullable AckBatcher ackBatcher;
  private volatile @Nullable ScheduledExecutorService leaseRenewer;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
  private volatile @Nullable SafeQueueListenerObservationConvention observationConvention;

  private final Object lifecycleMonitor = new Object();
  private final Object pauseMonitor = new Object();
  private final AtomicInteger activeHandlers = new AtomicInteger();
  private final AtomicBoolean outage = new AtomicBoolean();
  private volatile long outageStartNanos;
  private volatile boolean running;
  private volatile boolean paused;
  private List<Consumer> consumers = List.of();

  /**
   * Creates a stopped container with the defaults: concurrency 1, batch size 16, poll timeout 1 s,
   * shutdown timeout 10 s, recovery interval 100 ms doubling up to 5 s, errors requeued.
   *
   * @param listenerId id of the listener, used in thread names and log lines
   * @param queue the queue to consume
   * @param listener what handles each item
   * @throws IllegalArgumentException when the id is null or blank
   */
  public SafeQueueListenerContainer(
      String listenerId, SafeRedisQueue queue, SafeQueueItemListener listener) {
    if (listenerId == null || listenerId.isBlank()) {
      throw new IllegalArgumentException(
          "listener id must be a non-blank string, was "
              + AbstractSafeQueueListenerEndpoint.quote(listenerId));
    }
    this.listenerId = listenerId;
    this.queue = Objects.requireNonNull(queue, "queue");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  // ---------------------------------------------------------------- settings

  /**
   * Number of consumer threads, each running one handler at a time (default 1).
   *
   * @throws IllegalArgumentException when below 1
   */
  public void setConcurrency(int concurrency) {
    this.concurrency = ListenerSettingChecks.concurrency(concurrency);
  }

  /**
   * Most items one consumer takes per round trip when items are waiting (default 16). Taken items
   * are processed by that consumer one after the other, so with few, slow items a smaller batch
   * spreads them better over the consumers; 1 takes one item at a time.
   *
   * @throws IllegalArgumentException when below 1
   */
  public void setBatchSize(int batchSize) {
    this.batchSize = ListenerSettingChecks.batchSize(batchSize);
  }

  /**
   * How long an idle consumer blocks in Redis per blocking pop (default 1 s); it also bounds how
   * long a stop or pause takes to be noticed by an idle consumer. Keep it well below the Redis
   * client's command timeout, which would otherwise cut the blocking pop short.
   *
   * @throws IllegalArgumentException when below 1 ms
   */
  public void setPollTimeout(Duration pollTimeout) {
    this.pollTimeout = ListenerSettingChecks.pollTimeout(pollTimeout);
  }

  /**
   * How long {@link #stop()} waits for running handlers (default 10 s); zero waits for none.
   * Handlers still running afterwards keep their items in flight for autoclean.
   *
   * @throws IllegalArgumentException when negative
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = ListenerSettingChecks.shutdownTimeout(shutdownTimeout);
  }

  /**
   * Back-off after a failed Redis call: {@code initial} after the first failure, doubling up to
   * {@code max} while Redis stays unreachable (default 100 ms to 5 s).
   *
   * @throws IllegalArgumentException when {@code initial} is below 1 ms or {@code max} is below
   *     {@code initial}
   */
  public void setRecoveryInterval(Duration initial, Duration max) {
    ListenerSettingChecks.recoveryInterval(initial, max);
    this.recoveryInitial = initial;
    this.recoveryMax = max;
  }

  /**
   * What happens to items whose listener failed; {@code null} (the default) for the retrying,
   * dead-lettering handling built from the maximum deliveries, back-off and not-retryable types.
   */
  public void setErrorHandler(@Nullable SafeQueueErrorHandler errorHandler) {
    this.errorHandler = errorHandler;
  }

  /**
   * Deliveries after which a failing item is dead-lettered, 0 for never (default 5). Used by the
   * default error handling, and to dead-letter items whose consumers kept dying.
   *
   * @throws IllegalArgumentException when negative
   */
  public void setMaxDeliveries(int maxDeliveries) {
    this.maxDeliveries = ListenerSettingChecks.maxDeliveries(maxDeliveries);
  }

  /** Delay before each redelivery of a failed item (default: none) for the default handling. */
  public void setBackOff(BackOff backOff) {
    this.backOff = Objects.requireNonNull(backOff, "backOff");
  }

  /** Exception types that dead-letter an item at once in the default handling. */
  public void setNotRetryable(List<Class<? extends Throwable>> notRetryable) {
    this.notRetryable = List.copyOf(notRetryable);
  }

  /**
   * Most acks per batch (default 64; 1 sends each ack on its own) and the longest an ack waits for
   * its batch (default 2 ms).
   *
   * @throws IllegalArgumentException when the size is not 1..10000 or the delay not 1ms..1s
   */
  public void setAckBatching(int maxBatch, Duration maxDelay) {
    ListenerSettingChecks.ackBatching(maxBatch, maxDelay);
    this.ackBatchSize = maxBatch;
    this.ackMaxDelay = maxDelay;
  }

  /** Whether running handlers' items are kept from autoclean's requeue (default true). */
  public void setLeaseRenewal(boolean leaseRenewal) {
    this.leaseRenewal = leaseRenewal;
  }

  /**
   * Registry of the listener observations (default {@link ObservationRegistry#NOOP}: none, at no
   * cost). Items' trace context is read from the queue's headers hash only when a handler (a
   * tracing one) asks for it, in one round trip per fetched batch.
   */
  public void setObservationRegistry(ObservationRegistry observationRegistry) {
    this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
  }

  /** Convention of the listener observations; {@code null} (default) for the default one. */
  public void setObservationConvention(
      @Nullable SafeQueueListenerObservationConvention observationConvention) {
    this.observationConvention = observationConvention;
  }

  /** The registry of the listener observations. */
  public ObservationRegistry getObservationRegistry() {
    return observationRegistry;
  }

  /** The maximum number of deliveries of the default handling (0: unlimited). */
  public int getMaxDeliveries() {
    return maxDeliveries;
  }

  /** Whether a {@link SafeQueueListenerEndpointRegistry} starts this container (default true). */
  public void setAutoStartup(boolean autoStartup) {
    this.autoStartup = autoStartup;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts the consumer threads; does nothing when running. A paused container starts paused and
   * fetches nothing until {@link #resume()}.
   */
  public void start() {
    synchronized (lifecycleMonitor) {
      if (running) {
        return;
      }
      List<Consumer> started = new ArrayList<>(concurrency);
      for (int i = 1; i <= concurrency; i++) {
        started.add(new Consumer("srq-" + listenerId + "-" + i));
      }
      consumers = List.copyOf(started);
      SafeQueueErrorHandler own = errorHandler;
      effectiveErrorHandler =
          own != null ? own : new RetryingErrorHandler(maxDeliveries, backOff, notRetryable);
      ackBatcher = ackBatchSize > 1 ? new AckBatcher(queue, ackBatchSize, ackMaxDelay) : null;
      leaseRenewer = leaseRenewal ? startLeaseRenewal() : null;
      running = true;
      started.forEach(consumer -> consumer.thread.start());
      if (logger.isInfoEnabled()) {
        logger.info(
            "Started listener '"
                + listenerId
                + "' on queue '"
                + queue.name()
                + "' with "
                + concurrency
                + (concurrency == 1 ? " consumer" : " consumers")
                + (paused ? " (paused)" : ""));
      }
    }
  }

  /**
   * Stops gracefully and returns when the consumers have ended or the shutdown timeout has passed:
   * consumers stop fetching, items fetched but not started are failed back to the queue at once,
   * running handlers may finish (their items are acked or handed to the error handler). An item
   * whose handler is still running at the timeout stays in flight: the handler's thread is not
   * interrupted, acks the item if it finishes later, and otherwise autoclean delivers it again.
   */
  public void stop() {
    List<Consumer> stopping = beginStop();
    awaitStop(stopping, System.nanoTime() + shutdownTimeout.toNanos());
  }

  /** Asks the consumers to stop; returns them so that the caller can wait for them. */
  List<Consumer> beginStop() {
    List<Consumer> stopping;
    synchronized (lifecycleMonitor) {
      if (!running) {
        return List.of();
      }
      running = false;
      stopping = consumers;
      consumers = List.of();
      synchronized (pauseMonitor) {
        stopping.forEach(consumer -> consumer.stopRequested = true);
        pauseMonitor.notifyAll();
      }
    }
    requeueFetched(stopping);
    return stopping;
  }

  /**
   * Fails back, from the calling thread, what the consumers fetched and have not started, so that
   * those items need not wait for a running handler (which might outlive the shutdown timeout).
   */
  private void requeueFetched(List<Consumer> of) {
    List<SafeRedisQueueItem> fetched = new ArrayList<>();
    of.forEach(consumer -> fetched.addAll(consumer.drainFetched()));
    requeueUnstarted(fetched);
  }

  private void requeueUnstarted(List<SafeRedisQueueItem> items) {
    if (items.isEmpty()) {
      return;
    }
    List<String> uids = items.stream().map(SafeRedisQueueItem::uid).toList();
    try {
      queue.failAll(uids);
      if (logger.isDebugEnabled()) {
        logger.debug(
            "Listener '"
                + listenerId
                + "' put "
                + uids.size()
                + " fetched, unstarted item(s) back");
      }
    } catch (RuntimeException ex) {
      redisFailed(ex);
      logger.warn(
          "Listener '"
              + listenerId
              + "' could not put "
              + uids.size()
              + " fetched, unstarted item(s) back; they stay in flight and autoclean delivers them"
              + " again");
    }
  }

  /** Waits until the consumers have ended or the deadline (a {@link System#nanoTime()}) passed. */
  void awaitStop(List<Consumer> stopping, long deadlineNanos) {
    if (stopping.isEmpty()) {
      return;
    }
    boolean interrupted = false;
    for (Consumer consumer : stopping) {
      if (consumer.thread == Thread.currentThread()) {
        continue; // a handler that stops its own container cannot wait for itself
      }
      long remaining = deadlineNanos - System.nanoTime();
      try {
        if (remaining > 0) {
          TimeUnit.NANOSECONDS.timedJoin(consumer.thread, remaining);
        }
      } catch (InterruptedException ex) {
        interrupted = true;
        break;
      }
    }
    long unfinished =
        stopping.stream()
            .filter(consumer -> consumer.thread.isAlive())
            .filter(consumer -> consumer.thread != Thread.currentThread())
            .count();
    stopHelpers();
    if (unfinished > 0) {
      logger.warn(
          "Listener '"
              + listenerId
              + "' on queue '"
              + queue.name()
              + "': "
              + unfinished
              + " consumer(s) still busy after the shutdown timeout of "
              + shutdownTimeout
              + "; their items stay in flight and are acked if the handlers finish, otherwise"
              + " delivered again by autoclean");
    } else if (logger.isInfoEnabled()) {
      logger.info("Stopped listener '" + listenerId + "' on queue '" + queue.name() + "'");
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Renews the items of running handlers a few times per autoclean interval (every third of it;
   * every 10 s when this instance's autoclean is disabled, since other consumers may rotate).
   */
  private ScheduledExecutorService startLeaseRenewal() {
    long periodMillis =
        queue
            .autocleanInterval()
            .map(interval -> Math.max(50, interval.toMillis() / 3))
            .orElse(10_000L);
    ScheduledExecutorService renewer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "srq-" + listenerId + "-lease");
              thread.setDaemon(true);
              return thread;
            });
    renewer.scheduleWithFixedDelay(
        this::renewLeases, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return renewer;
  }

  private void renewLeases() {
    if (inFlight.isEmpty()) {
      return;
    }
    try {
      int moved = queue.renew(List.copyOf(inFlight));
      if (moved > 0 && logger.isDebugEnabled()) {
        logger.debug("Listener '" + listenerId + "' renewed " + moved + " long-running item(s)");
      }
    } catch (RuntimeException ex) {
      redisFailed(ex);
    }
  }

  /** Sends the waiting acks and ends the lease renewal, once the consumers have stopped. */
  private void stopHelpers() {
    AckBatcher batcher = ackBatcher;
    if (batcher != null) {
      batcher.close();
    }
    ScheduledExecutorService renewer = leaseRenewer;
    if (renewer != null) {
      renewer.shutdownNow();
    }
  }

  /**
   * Stops fetching items; running handlers finish and their items are acked as usual, items already
   * fetched but not started are failed back to the queue. The threads stay. A consumer blocked in
   * Redis notices within the poll timeout (an item it receives then goes back at once).
   */
  public void pause() {
    List<Consumer> current;
    synchronized (lifecycleMonitor) {
      synchronized (pauseMonitor) {
        paused = true;
      }
      current = consumers;
    }
    requeueFetched(current);
    if (logger.isInfoEnabled()) {
      logger.info("Paused listener '" + listenerId + "' on queue '" + queue.name() + "'");
    }
  }

  /** Continues fetching after {@link #pause()}. */
  public void resume() {
    synchronized (pauseMonitor) {
      paused = false;
      pauseMonitor.notifyAll();
    }
    if (logger.isInfoEnabled()) {
      logger.info("Resumed listener '" + listenerId + "' on queue '" + queue.name() + "'");
    }
  }

  /** Whether the container has been started and not stopped (paused or not). */
  public boolean isRunning() {
    return running;
  }

  /** Whether the container is paused (it may be stopped as well). */
  public boolean isPaused() {
    return paused;
  }

  /** Whether a {@link SafeQueueListenerEndpointRegistry} starts this container. */
  public boolean isAutoStartup() {
    return autoStartup;
  }

  // ---------------------------------------------------------------- inspection

  /** Id of the listener. */
  public String getListenerId() {
    return listenerId;
  }

  /** Name of the queue this container consumes. */
  public String getQueueName() {
    return queue.name();
  }

  /** The queue this container consumes. */
  public SafeRedisQueue getQueue() {
    return queue;
  }

  /** Number of consumer threads (of the next start, when stopped). */
  public int getConcurrency() {
    return concurrency;
  }

  /** Most items a consumer takes per round trip. */
  public int getBatchSize() {
    return batchSize;
  }

  /** How long an idle consumer blocks per blocking pop. */
  public Duration getPollTimeout() {
    return pollTimeout;
  }

  /** How long {@link #stop()} waits for running handlers. */
  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * The error handler: the one set, else (once started) the default retrying handler built from the
   * maximum deliveries, back-off and not-retryable types.
   */
  public SafeQueueErrorHandler getErrorHandler() {
    SafeQueueErrorHandler own = errorHandler;
    if (own != null) {
      return own;
    }
    return running
        ? effectiveErrorHandler
        : new RetryingErrorHandler(maxDeliveries, backOff, notRetryable);
  }

  /** Uids whose handlers run at this moment (fetched and started, not yet acked or failed). */
  public Set<String> getInFlight() {
    return Set.copyOf(inFlight);
  }

  /** Number of handlers running at this moment (including their ack or error handling). */
  public int getActiveHandlers() {
    return activeHandlers.get();
  }

  @Override
  public String toString() {
    return "SafeQueueListenerContainer[id="
        + listenerId
        + ", queue="
        + queue.name()
        + ", concurrency="
        + concurrency
        + ", running="
        + running
        + ", paused="
        + paused
        + "]";
  }

  // ---------------------------------------------------------------- consumers

  private void redisFailed(RuntimeException ex) {
    if (ex instanceof SafeRedisQueueConfigurationException && outage.compareAndSet(false, true)) {
      outageStartNanos = System.nanoTime();
      logger.error(
          "Listener '"
              + listenerId
              + "' cannot consume queue '"
              + queue.name()
              + "' until its Redis is set up differently; retrying every "
              + recoveryMax
              + ": "
              + ex.getMessage());
    } else if (outage.compareAndSet(false, true)) {
      outageStartNanos = System.nanoTime();
      logger.warn(
          "Listener '"
              + listenerId
              + "' cannot use Redis for queue '"
              + queue.name()
              + "'; retrying every "
              + recoveryInitial
              + " (doubling up to "
              + recoveryMax
              + ") until it answers: "
              + ex.getMessage());
    } else if (logger.isDebugEnabled()) {
      logger.debug("Listener '" + listenerId + "': Redis still failing: " + ex.getMessage());
    }
  }

  private void redisAnswered() {
    if (outage.get() && outage.compareAndSet(true, false) && logger.isInfoEnabled()) {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageStartNanos);
      logger.info(
          "Listener '"
              + listenerId
              + "' reached Redis again for queue '"
              + queue.name()
              + "' after "
              + millis
              + " ms");
    }
  }

  /** One consumer thread's loop and its stop flag. */
  final class Consumer implements Runnable {

    final Thread thread;

    volatile boolean stopRequested;

    /** Fetched, not started; guarded by this consumer's monitor. */
    private final ArrayDeque<SafeRedisQueueItem> fetched = new ArrayDeque<>();

    private long backoffMillis = recoveryInitial.toMillis();

    /** Trace context of the batch being processed, when observed. */
    private ListenerObservations.@Nullable BatchHeaders batchHeaders;

    Consumer(String threadName) {
      this.thread = new Thread(this, threadName);
    }

    @Override
    public void run() {
      while (!stopRequested) {
        try {
          if (paused) {
            awaitResume();
            continue;
          }
          List<SafeRedisQueueItem> batch;
          try {
            batch = queue.popBatch(batchSize, pollTimeout);
          } catch (RuntimeException ex) {
            redisFailed(ex);
            if (ex instanceof SafeRedisQueueConfigurationException) {
              // Retrying soon cannot help; someone has to change Redis first.
              backoffMillis = recoveryMax.toMillis();
            }
            backOff();
            continue;
          }
          redisAnswered();
          backoffMillis = recoveryInitial.toMillis();
          process(batch);
        } catch (RuntimeException | Error ex) {
          // Nothing above should throw; a consumer must survive whatever does.
          logger.error("Listener '" + listenerId + "': unexpected consumer failure", ex);
          backOff();
        }
      }
    }

    private void process(List<SafeRedisQueueItem> batch) {
      synchronized (this) {
        fetched.addAll(batch);
      }
      batchHeaders =
          observationRegistry.isNoop() ? null : new ListenerObservations.BatchHeaders(queue, batch);
      while (true) {
        SafeRedisQueueItem next;
        List<SafeRedisQueueItem> leftovers = List.of();
        synchronized (this) {
          if (stopRequested || paused) {
            leftovers = drainFetched();
            next = null;
          } else {
            next = fetched.pollFirst();
          }
        }
        if (next == null) {
          requeueUnstarted(leftovers);
          return;
        }
        handle(next);
      }
    }

    /** Takes what this consumer fetched and has not started; it will not start those. */
    synchronized List<SafeRedisQueueItem> drainFetched() {
      List<SafeRedisQueueItem> drained = new ArrayList<>(fetched);
      fetched.clear();
      return drained;
    }

    private void handle(SafeRedisQueueItem item) {
      activeHandlers.incrementAndGet();
      inFlight.add(item.uid());
      try {
        int max = maxDeliveries;
        if (max > 0 && item.deliveries() > max) {
          deadLetterVanished(item, max);
          return;
        }
        Throwable failure = null;
        try {
          ListenerObservations.invoke(
              listener,
              item,
              listenerId,
              queue,
              observationRegistry,
              observationConvention,
              batchHeaders);
        } catch (Throwable ex) {
          // Whatever the handler throws, Errors included, is a failure of this item only.
          failure = ex;
        }
        if (failure == null) {
          ack(item);
        } else {
          handleFailure(item, failure);
        }
      } finally {
        inFlight.remove(item.uid());
        activeHandlers.decrementAndGet();
      }
    }

    private void deadLetterVanished(SafeRedisQueueItem item, int max) {
      String reason =
          "delivered " + item.deliveries() + " times without ack or fail (max " + max + ")";
      try {
        queue.deadLetter(item.uid(), reason);
        logger.warn(
            "Listener '" + listenerId + "' dead-lettered item " + item.uid() + ": " + reason);
      } catch (RuntimeException ex) {
        redisFailed(ex);
      }
    }

    private void ack(SafeRedisQueueItem item) {
      AckBatcher batcher = ackBatcher;
      if (batcher != null) {
        batcher.ack(item.uid());
        return;
      }
      while (true) {
        try {
          queue.ack(item.uid());
          redisAnswered();
          return;
        } catch (RuntimeException ex) {
          redisFailed(ex);
          if (stopRequested) {
            logger.warn(
                "Listener '"
                    + listenerId
                    + "' could not ack item "
                    + item.uid()
                    + " while stopping; it stays in flight and autoclean delivers it again");
            return;
          }
          backOff();
        }
      }
    }

    private void handleFailure(SafeRedisQueueItem item, Throwable failure) {
      ListenerExecutionFailedException error =
          new ListenerExecutionFailedException(listenerId, queue.name(), item.uid(), failure);
      try {
        getErrorHandler().handleError(item, error, queue);
      } catch (Throwable ex) {
        logger.error(
            "Error handler of listener '"
                + listenerId
                + "' failed for item "
                + item.uid()
                + " of queue '"
                + queue.name()
                + "'; the item stays in flight and autoclean delivers it again",
            ex);
      }
    }

    private void awaitResume() {
      synchronized (pauseMonitor) {
        while (paused && !stopRequested) {
          try {
            pauseMonitor.wait();
          } catch (InterruptedException ex) {
            // Only stop() ends a consumer; an interrupt just re-checks the state.
          }
        }
      }
    }

    private void backOff() {
      long delay = backoffMillis;
      backoffMillis = Math.min(backoffMillis * 2, recoveryMax.toMillis());
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
      synchronized (pauseMonitor) {
        long remaining;
        while (!stopRequested && (remaining = deadline - System.nanoTime()) > 0) {
          try {
            TimeUnit.NANOSECONDS.timedWait(pauseMonitor, remaining);
          } catch (InterruptedException ex) {
            return;
          }
        }
      }
    }
  }
}

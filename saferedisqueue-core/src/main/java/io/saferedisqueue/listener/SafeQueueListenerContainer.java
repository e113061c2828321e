package io.saferedisqueue.listener;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.core.AckBatcher;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.api.ListenerExecutionFailedException;
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
import java.util.function.UnaryOperator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

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
 * (see {@link io.saferedisqueue.listener.api.RetryingErrorHandler}). An item delivered more than
 * {@code maxDeliveries} times without ack or fail (its consumers kept dying) is dead-lettered
 * before it reaches the listener.
 *
 * <p><b>Lease renewal.</b> While handlers run, the container moves their items back into the young
 * generation several times per autoclean interval, so a handler that outlives the rotation is not
 * delivered a second time; if the process dies, renewals stop and autoclean requeues the items
 * within two intervals.
 *
 * <p><b>Redis outages</b> never end the consumers: a failed Redis call is logged at WARN once per
 * outage (and at INFO when Redis answers again), and the consumer retries after the recovery
 * back-off (default 100 ms, doubling up to 5 s). A failed ack is retried as well (batched acks with
 * the ack back-off), so a short outage does not cause a redelivery.
 *
 * <p><b>Stop</b> is graceful: consumers stop fetching at once, items fetched but not started are
 * released right away (back at the head of the queue, their delivery not counted, never
 * dead-lettered: no handler ran them), and {@link #stop()} waits up to the shutdown timeout for
 * handlers that are running (and for blocking pops, which return within the poll timeout). {@link
 * #pause()} stops fetching but keeps the threads; {@link #resume()} continues.
 *
 * <p><b>Observation.</b> With an {@link #setObservationRegistry ObservationRegistry}, each listener
 * invocation is an observation named {@code saferedisqueue.listener} (a timer tagged with queue,
 * listener id, result and exception when a meter handler is registered; a consumer span that
 * continues the trace of the push when tracing is on).
 *
 * <p>The settings are a {@link SafeQueueListenerSettings}, which holds their defaults and checks
 * them; each setter here changes one of them. Settings may be changed while the container is
 * stopped; they apply from the next {@link #start()}. All public methods are thread-safe.
 */
public class SafeQueueListenerContainer {

  private static final Log logger = LogFactory.getLog(SafeQueueListenerContainer.class);

  private final String listenerId;
  private final SafeRedisQueue queue;
  private final SafeQueueItemListener listener;

  private volatile SafeQueueListenerSettings settings;

  /** The settings of the current (or last) run, taken by {@link #start()}. */
  private volatile SafeQueueListenerSettings active;

  private volatile SafeQueueErrorHandler effectiveErrorHandler;
  private volatile @Nullable AckBatcher ackBatcher;
  private volatile @Nullable ScheduledExecutorService leaseRenewer;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  private final Object lifecycleMonitor = new Object();
  private final Object pauseMonitor = new Object();
  private final AtomicInteger activeHandlers = new AtomicInteger();
  private final AtomicBoolean outage = new AtomicBoolean();
  private volatile long outageStartNanos;
  private volatile boolean running;
  private volatile boolean paused;
  private List<Consumer> consumers = List.of();

  /**
   * Creates a stopped container with the {@linkplain SafeQueueListenerSettings#defaults()
   * defaults}: concurrency 1, batch size 16, poll timeout 1 s, shutdown timeout 10 s, recovery
   * back-off 100 ms doubling up to 5 s; a failing item is retried at once up to 5 deliveries, then
   * dead-lettered.
   *
   * @param listenerId id of the listener, used in thread names and log lines
   * @param queue the queue to consume
   * @param listener what handles each item
   * @throws IllegalArgumentException when the id is null or blank
   */
  public SafeQueueListenerContainer(
      String listenerId, SafeRedisQueue queue, SafeQueueItemListener listener) {
    this(listenerId, queue, listener, SafeQueueListenerSettings.defaults());
  }

  /**
   * Creates a stopped container with these settings.
   *
   * @param listenerId id of the listener, used in thread names and log lines
   * @param queue the queue to consume
   * @param listener what handles each item
   * @param settings the settings
   * @throws IllegalArgumentException when the id is null or blank
   */
  public SafeQueueListenerContainer(
      String listenerId,
      SafeRedisQueue queue,
      SafeQueueItemListener listener,
      SafeQueueListenerSettings settings) {
    if (listenerId == null || listenerId.isBlank()) {
      throw new IllegalArgumentException(
          "listener id must be a non-blank string, was "
              + AbstractSafeQueueListenerEndpoint.quote(listenerId));
    }
    this.listenerId = listenerId;
    this.queue = Objects.requireNonNull(queue, "queue");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.active = settings;
    this.effectiveErrorHandler = settings.effectiveErrorHandler();
  }

  // ---------------------------------------------------------------- settings

  /** The settings of the next {@link #start()} (and of the current run, unless changed since). */
  public SafeQueueListenerSettings getSettings() {
    return settings;
  }

  /** Replaces all settings; they apply from the next {@link #start()}. */
  public synchronized void setSettings(SafeQueueListenerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  private synchronized void update(UnaryOperator<SafeQueueListenerSettings.Builder> change) {
    settings = change.apply(settings.toBuilder()).build();
  }

  /**
   * See {@link SafeQueueListenerSettings.Builder#concurrency}.
   *
   * @throws IllegalArgumentException when below 1
   */
  public void setConcurrency(int concurrency) {
    update(builder -> builder.concurrency(concurrency));
  }

  /**
   * See {@link SafeQueueListenerSettings.Builder#batchSize}.
   *
   * @throws IllegalArgumentException when below 1
   */
  public void setBatchSize(int batchSize) {
    update(builder -> builder.batchSize(batchSize));
  }

  /**
   * See {@link SafeQueueListenerSettings.Builder#pollTimeout}.
   *
   * @throws IllegalArgumentException when below 1 ms
   */
  public void setPollTimeout(Duration pollTimeout) {
    update(builder -> builder.pollTimeout(pollTimeout));
  }

  /**
   * How long {@link #stop()} waits for running handlers; see {@link
   * SafeQueueListenerSettings.Builder#shutdownTimeout}.
   *
   * @throws IllegalArgumentException when negative
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    update(builder -> builder.shutdownTimeout(shutdownTimeout));
  }

  /**
   * See {@link SafeQueueListenerSettings.Builder#recoveryInterval}.
   *
   * @throws IllegalArgumentException when {@code initial} is below 1 ms or {@code max} is below
   *     {@code initial}
   */
  public void setRecoveryInterval(Duration initial, Duration max) {
    update(builder -> builder.recoveryInterval(initial, max));
  }

  /** See {@link SafeQueueListenerSettings.Builder#errorHandler}. */
  public void setErrorHandler(@Nullable SafeQueueErrorHandler errorHandler) {
    update(builder -> builder.errorHandler(errorHandler));
  }

  /**
   * See {@link SafeQueueListenerSettings.Builder#maxDeliveries}.
   *
   * @throws IllegalArgumentException when negative
   */
  public void setMaxDeliveries(int maxDeliveries) {
    update(builder -> builder.maxDeliveries(maxDeliveries));
  }

  /**
   * Delay before each redelivery of a failed item in the default handling; see {@link
   * SafeQueueListenerSettings.Builder#retryBackOff}.
   */
  public void setBackOff(BackOff backOff) {
    update(builder -> builder.retryBackOff(backOff));
  }

  /** See {@link SafeQueueListenerSettings.Builder#notRetryable}. */
  public void setNotRetryable(List<Class<? extends Throwable>> notRetryable) {
    update(builder -> builder.notRetryable(notRetryable));
  }

  /**
   * See {@link SafeQueueListenerSettings.Builder#ackBatching}.
   *
   * @throws IllegalArgumentException when the size is not 1..10000 or the delay not 1ms..1s
   */
  public void setAckBatching(int maxBatch, Duration maxDelay) {
    update(builder -> builder.ackBatching(maxBatch, maxDelay));
  }

  /** See {@link SafeQueueListenerSettings.Builder#leaseRenewal}. */
  public void setLeaseRenewal(boolean leaseRenewal) {
    update(builder -> builder.leaseRenewal(leaseRenewal));
  }

  /** See {@link SafeQueueListenerSettings.Builder#observationRegistry}. */
  public void setObservationRegistry(ObservationRegistry observationRegistry) {
    update(builder -> builder.observationRegistry(observationRegistry));
  }

  /** See {@link SafeQueueListenerSettings.Builder#observationConvention}. */
  public void setObservationConvention(
      @Nullable SafeQueueListenerObservationConvention observationConvention) {
    update(builder -> builder.observationConvention(observationConvention));
  }

  /** The registry of the listener observations. */
  public ObservationRegistry getObservationRegistry() {
    return settings.observationRegistry();
  }

  /** The maximum number of deliveries of the default handling (0: unlimited). */
  public int getMaxDeliveries() {
    return settings.maxDeliveries();
  }

  /** See {@link SafeQueueListenerSettings.Builder#autoStartup}. */
  public void setAutoStartup(boolean autoStartup) {
    update(builder -> builder.autoStartup(autoStartup));
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
      SafeQueueListenerSettings run = settings;
      active = run;
      int concurrency = run.concurrency();
      List<Consumer> started = new ArrayList<>(concurrency);
      for (int i = 1; i <= concurrency; i++) {
        started.add(new Consumer("srq-" + listenerId + "-" + i));
      }
      consumers = List.copyOf(started);
      effectiveErrorHandler = run.effectiveErrorHandler();
      ackBatcher =
          run.ackBatchSize() > 1
              ? new AckBatcher(queue, run.ackBatchSize(), run.ackMaxDelay(), run.ackBackOff())
              : null;
      leaseRenewer = run.leaseRenewal() ? startLeaseRenewal() : null;
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
   * consumers stop fetching, items fetched but not started are released at once (see {@link
   * SafeRedisQueue#release}), running handlers may finish (their items are acked or handed to the
   * error handler). An item whose handler is still running at the timeout stays in flight: the
   * handler's thread is not interrupted, acks the item if it finishes later, and otherwise
   * autoclean delivers it again.
   */
  public void stop() {
    List<Consumer> stopping = beginStop();
    awaitStop(stopping, System.nanoTime() + getShutdownTimeout().toNanos());
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
    releaseFetched(stopping);
    return stopping;
  }

  /**
   * Releases, from the calling thread, what the consumers fetched and have not started, so that
   * those items need not wait for a running handler (which might outlive the shutdown timeout).
   */
  private void releaseFetched(List<Consumer> of) {
    List<SafeRedisQueueItem> fetched = new ArrayList<>();
    of.forEach(consumer -> fetched.addAll(consumer.drainFetched()));
    releaseUnstarted(fetched);
  }

  /**
   * Puts items no handler ran back at the head of the queue, in the order they were fetched. This
   * is not a failure: the delivery is not counted and nothing is dead-lettered, whatever the
   * maximum deliveries.
   */
  private void releaseUnstarted(List<SafeRedisQueueItem> items) {
    if (items.isEmpty()) {
      return;
    }
    List<String> uids = items.stream().map(SafeRedisQueueItem::uid).toList();
    try {
      queue.release(uids);
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
              + getShutdownTimeout()
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
   * fetched but not started are released (back at the head of the queue, uncounted). The threads
   * stay. A consumer blocked in Redis notices within the poll timeout (an item it receives then
   * goes back at once).
   */
  public void pause() {
    List<Consumer> current;
    synchronized (lifecycleMonitor) {
      synchronized (pauseMonitor) {
        paused = true;
      }
      current = consumers;
    }
    releaseFetched(current);
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
    return settings.autoStartup();
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
    return settings.concurrency();
  }

  /** Most items a consumer takes per round trip. */
  public int getBatchSize() {
    return settings.batchSize();
  }

  /** How long an idle consumer blocks per blocking pop. */
  public Duration getPollTimeout() {
    return settings.pollTimeout();
  }

  /** How long {@link #stop()} waits for running handlers. */
  public Duration getShutdownTimeout() {
    return settings.shutdownTimeout();
  }

  /**
   * The error handler: the one set, else (once started) the default retrying handler built from the
   * maximum deliveries, back-off and not-retryable types.
   */
  public SafeQueueErrorHandler getErrorHandler() {
    SafeQueueErrorHandler own = settings.errorHandler();
    if (own != null) {
      return own;
    }
    return running ? effectiveErrorHandler : settings.effectiveErrorHandler();
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
        + getConcurrency()
        + ", running="
        + running
        + ", paused="
        + paused
        + "]";
  }

  // ---------------------------------------------------------------- consumers

  private void redisFailed(RuntimeException ex) {
    if (outage.compareAndSet(false, true)) {
      outageStartNanos = System.nanoTime();
      logger.warn(
          "Listener '"
              + listenerId
              + "' cannot use Redis for queue '"
              + queue.name()
              + "'; retrying "
              + describe(active.recoveryBackOff())
              + " until it answers: "
              + ex.getMessage());
    } else if (logger.isDebugEnabled()) {
      logger.debug("Listener '" + listenerId + "': Redis still failing: " + ex.getMessage());
    }
  }

  private static String describe(BackOff backOff) {
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

    /** The recovery back-off of the current outage; {@code null} while Redis answers. */
    private @Nullable BackOffExecution recovery;

    private long recoveryDelay;

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
            batch = queue.popBatch(active.batchSize(), active.pollTimeout());
          } catch (RuntimeException ex) {
            redisFailed(ex);
            backOff();
            continue;
          }
          redisAnswered();
          recovery = null;
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
          active.observationRegistry().isNoop()
              ? null
              : new ListenerObservations.BatchHeaders(queue, batch);
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
          releaseUnstarted(leftovers);
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
        int max = active.maxDeliveries();
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
              active.observationRegistry(),
              active.observationConvention(),
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

    /**
     * Waits the next delay of the recovery back-off, or less when stopped. A back-off that stops
     * keeps its last delay: consumers never give up on Redis.
     */
    private void backOff() {
      BackOffExecution execution = recovery;
      if (execution == null) {
        execution = active.recoveryBackOff().start();
        recovery = execution;
      }
      long next = execution.nextBackOff();
      if (next != BackOffExecution.STOP) {
        recoveryDelay = Math.max(0, next);
      }
      long delay = recoveryDelay;
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

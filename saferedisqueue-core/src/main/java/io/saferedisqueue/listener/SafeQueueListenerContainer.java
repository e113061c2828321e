package io.saferedisqueue.listener;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.listener.api.SafeQueueBatchListener;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Consumes one queue on its own threads and hands each item to a {@link SafeQueueItemListener},
 * acknowledging it when the listener returns and passing it to the {@link SafeQueueErrorHandler}
 * when the listener throws (spring-rabbit's "AUTO" acknowledgement). Usable on its own, without
 * Spring; in an application context the {@link SafeQueueListenerEndpointRegistry} creates, starts
 * and stops containers.
 *
 * <p><b>Fetcher and workers.</b> {@link #start()} runs one fetcher thread ({@code
 * srq-<listenerId>-fetcher}) and a pool of {@code concurrency} workers (platform threads named
 * {@code srq-<listenerId>-<n>}, virtual threads, or tasks of a task executor, see {@link
 * SafeQueueListenerSettingsBuilder#virtualThreads}). The fetcher is the container's only blocking
 * Redis connection, whatever the concurrency: it takes up to {@code batchSize} waiting items per
 * round trip, but never more than the free workers plus a small buffer (at most one batch), or,
 * when the queue is empty, blocks in Redis for at most {@code pollTimeout}, so an idle container
 * does not poll. Each worker runs one handler at a time; items start in the order they were taken.
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
 * <p><b>Batch listeners.</b> A container made with {@link #forBatches} calls a {@link
 * SafeQueueBatchListener} with up to {@code consumerBatchSize} items at once: each worker takes the
 * items waiting when it becomes free (never waiting for more), the listener's return acks them all
 * in one round trip, an exception hands each item to the error handler with its own delivery count,
 * and a {@link io.saferedisqueue.listener.api.SafeQueueBatchFailedException} fails only the items
 * it names and acks the others. The concurrency counts batches (N workers run N batches at once);
 * lease renewal keeps every item of a running batch; stop releases items not yet in a batch.
 *
 * <p><b>Observation.</b> With an {@link #setObservationRegistry ObservationRegistry}, each listener
 * invocation is an observation named {@code saferedisqueue.listener} (one per batch for a batch
 * listener, timing the whole call, with the first item's uid and trace context; a timer tagged with
 * queue, listener id, result and exception when a meter handler is registered; a consumer span that
 * continues the trace of the push when tracing is on).
 *
 * <p>The settings are a {@link SafeQueueListenerSettings}, which holds their defaults and checks
 * them; each setter (of {@link AbstractSafeQueueListenerContainer}) changes one of them. Settings
 * may be changed while the container is stopped; they apply from the next {@link #start()}. All
 * public methods are thread-safe.
 */
public class SafeQueueListenerContainer extends AbstractSafeQueueListenerContainer {

  private static final Log logger = LogFactory.getLog(SafeQueueListenerContainer.class);

  private final String listenerId;
  private final SafeRedisQueue queue;
  private final SafeQueueListenerAdapter adapter;

  private volatile SafeQueueErrorHandler effectiveErrorHandler;

  private final Object lifecycleMonitor = new Object();
  private final AtomicInteger activeHandlers = new AtomicInteger();
  private volatile boolean running;
  private volatile boolean paused;
  private volatile @Nullable ListenerRun run;
  private volatile @Nullable ListenerRun lastRun;

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
    this(listenerId, queue, SafeQueueListenerAdapter.forItems(listener), settings);
  }

  private SafeQueueListenerContainer(
      String listenerId,
      SafeRedisQueue queue,
      SafeQueueListenerAdapter adapter,
      SafeQueueListenerSettings settings) {
    super(settings);
    if (listenerId == null || listenerId.isBlank()) {
      throw new IllegalArgumentException(
          "listener id must be a non-blank string, was "
              + AbstractSafeQueueListenerEndpoint.quote(listenerId));
    }
    this.listenerId = listenerId;
    this.queue = Objects.requireNonNull(queue, "queue");
    this.adapter = Objects.requireNonNull(adapter, "listener");
    this.effectiveErrorHandler = settings.effectiveErrorHandler();
  }

  /**
   * Creates a stopped container that calls a batch listener with up to {@link
   * SafeQueueListenerSettings#consumerBatchSize()} items at once (a static factory rather than a
   * constructor, so that a lambda is never ambiguous between the two listener types).
   *
   * @param listenerId id of the listener, used in thread names and log lines
   * @param queue the queue to consume
   * @param batchListener what handles each batch
   * @param settings the settings
   * @throws IllegalArgumentException when the id is null or blank
   */
  public static SafeQueueListenerContainer forBatches(
      String listenerId,
      SafeRedisQueue queue,
      SafeQueueBatchListener batchListener,
      SafeQueueListenerSettings settings) {
    return create(listenerId, queue, SafeQueueListenerAdapter.forBatches(batchListener), settings);
  }

  /**
   * Creates a stopped container that calls the listener an endpoint made: with one item at a time,
   * or with batches (see {@link SafeQueueListenerAdapter}).
   *
   * @param listenerId id of the listener, used in thread names and log lines
   * @param queue the queue to consume
   * @param listener what handles each item or batch
   * @param settings the settings
   * @throws IllegalArgumentException when the id is null or blank
   */
  public static SafeQueueListenerContainer create(
      String listenerId,
      SafeRedisQueue queue,
      SafeQueueListenerAdapter listener,
      SafeQueueListenerSettings settings) {
    return new SafeQueueListenerContainer(listenerId, queue, listener, settings);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts the fetcher and the workers; does nothing when running. A paused container starts paused
   * and fetches nothing until {@link #resume()}.
   */
  public void start() {
    synchronized (lifecycleMonitor) {
      if (running) {
        return;
      }
      SafeQueueListenerSettings runSettings = getSettings();
      ListenerRun started =
          new ListenerRun(listenerId, queue, adapter, runSettings, activeHandlers);
      effectiveErrorHandler = started.errorHandler();
      run = started;
      running = true;
      started.start(paused);
      if (logger.isInfoEnabled()) {
        int concurrency = runSettings.maxConcurrency();
        logger.info(
            "Started listener '"
                + listenerId
                + "' on queue '"
                + queue.name()
                + "' with one fetcher and "
                + (runSettings.concurrency() == concurrency
                    ? concurrency + (concurrency == 1 ? " worker" : " workers")
                    : runSettings.concurrency() + " to " + concurrency + " workers")
                + adapter.describe(runSettings)
                + (paused ? " (paused)" : ""));
      }
    }
  }

  /**
   * Stops gracefully and returns when the workers have ended or the shutdown timeout has passed:
   * the fetcher stops fetching, items fetched but not started are released at once (see {@link
   * SafeRedisQueue#release}), running handlers may finish (their items are acked or handed to the
   * error handler). An item whose handler is still running at the timeout stays in flight: the
   * handler's thread is not interrupted, acks the item if it finishes later, and otherwise
   * autoclean delivers it again.
   */
  public void stop() {
    ListenerRun stopping = beginStop();
    if (stopping != null) {
      stopping.awaitStop(System.nanoTime() + stopping.settings().shutdownTimeout().toNanos());
    }
  }

  /**
   * Stops fetching and releases what waits; returns the run (null when not running) so that the
   * caller can wait for it with {@link ListenerRun#awaitStop}.
   */
  @Nullable ListenerRun beginStop() {
    ListenerRun stopping;
    synchronized (lifecycleMonitor) {
      if (!running) {
        return null;
      }
      running = false;
      stopping = run;
      lastRun = stopping;
      run = null;
    }
    if (stopping != null) {
      stopping.beginStop();
    }
    return stopping;
  }

  /**
   * Stops fetching items; running handlers finish and their items are acked as usual, items already
   * fetched but not started are released (back at the head of the queue, uncounted). The workers
   * stay. A fetcher blocked in Redis notices within the poll timeout (an item it receives then goes
   * back at once).
   */
  public void pause() {
    ListenerRun current;
    synchronized (lifecycleMonitor) {
      paused = true;
      current = run;
    }
    if (current != null) {
      current.pause();
    }
    if (logger.isInfoEnabled()) {
      logger.info("Paused listener '" + listenerId + "' on queue '" + queue.name() + "'");
    }
  }

  /** Continues fetching after {@link #pause()}. */
  public void resume() {
    ListenerRun current;
    synchronized (lifecycleMonitor) {
      paused = false;
      current = run;
    }
    if (current != null) {
      current.resume();
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

  // ---------------------------------------------------------------- inspection

  /** Id of the listener. */
  public String getListenerId() {
    return listenerId;
  }

  /** Whether this container calls a batch listener (made with {@link #forBatches}). */
  public boolean isBatchListener() {
    return adapter.isBatch();
  }

  /** Name of the queue this container consumes. */
  public String getQueueName() {
    return queue.name();
  }

  /** The queue this container consumes. */
  public SafeRedisQueue getQueue() {
    return queue;
  }

  /**
   * The error handler: the one set, else (once started) the default retrying handler built from the
   * maximum deliveries, back-off and not-retryable types.
   */
  public SafeQueueErrorHandler getErrorHandler() {
    SafeQueueListenerSettings settings = getSettings();
    SafeQueueErrorHandler own = settings.errorHandler();
    if (own != null) {
      return own;
    }
    return running ? effectiveErrorHandler : settings.effectiveErrorHandler();
  }

  /**
   * Uids whose handlers run at this moment (fetched and started, not yet acked or failed); for a
   * batch listener, every item of every running batch.
   */
  public Set<String> getInFlight() {
    ListenerRun current = run;
    return current == null ? Set.of() : current.inFlight();
  }

  /**
   * Number of workers running now (between the minimum and maximum concurrency; 0 when stopped).
   */
  public int getWorkers() {
    ListenerRun current = run;
    return current == null ? 0 : current.workers();
  }

  /** Most handlers (batches, for a batch listener) that ran at once in the current or last run. */
  public int getHighestConcurrentHandlers() {
    ListenerRun current = run;
    if (current == null) {
      current = lastRun;
    }
    return current == null ? 0 : current.highestBusy();
  }

  /**
   * Number of handlers running at this moment (including their ack or error handling); a running
   * batch counts once.
   */
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
}

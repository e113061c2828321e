package io.saferedisqueue.listener;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueDurabilityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Sends the acks of many threads to Redis in batches: one {@link SafeRedisQueue#ackAll} script per
 * batch, flushed when {@code maxBatch} acks are waiting or {@code maxDelay} after the first one,
 * whichever comes first.
 *
 * <p>This does not weaken the guarantee: an ack that was not yet sent when the process dies leaves
 * its item in flight, so autoclean redelivers it (at-least-once); nothing is lost. A batch that
 * fails (Redis unreachable) is retried after the delays of the retry {@link BackOff} until it goes
 * through, the back-off stops or the batcher is closed; acks still unsent at close are sent by
 * {@link #close()} if Redis answers. Acks given up on are left to autoclean.
 */
final class AckBatcher implements AutoCloseable {

  private static final Log logger = LogFactory.getLog(AckBatcher.class);

  private final SafeRedisQueue queue;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final BlockingQueue<String> pending;
  private final Thread flusher;
  private final BackOff retryBackOff;
  private final Consumer<Integer> onFlush;
  private volatile boolean closed;

  /**
   * Starts a batcher and its flushing thread.
   *
   * @param queue the queue to ack on
   * @param maxBatch most acks per script (1 to 10,000)
   * @param maxDelay longest time an ack waits before it is sent (1 ms to 1 s)
   * @param retryBackOff delays between the attempts to send a batch that failed
   */
  AckBatcher(SafeRedisQueue queue, int maxBatch, Duration maxDelay, BackOff retryBackOff) {
    this(queue, maxBatch, maxDelay, retryBackOff, count -> {});
  }

  /**
   * As {@link #AckBatcher(SafeRedisQueue, int, Duration, BackOff)}, told how many acks each flush
   * sent.
   */
  AckBatcher(
      SafeRedisQueue queue,
      int maxBatch,
      Duration maxDelay,
      BackOff retryBackOff,
      Consumer<Integer> onFlush) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.retryBackOff = Objects.requireNonNull(retryBackOff, "retryBackOff");
    if (maxBatch < 1 || maxBatch > 10_000) {
      throw new IllegalArgumentException("maxBatch must be 1..10000, was " + maxBatch);
    }
    if (maxDelay == null
        || maxDelay.isNegative()
        || maxDelay.isZero()
        || maxDelay.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("maxDelay must be 1ms..1s, was " + maxDelay);
    }
    this.maxBatch = maxBatch;
    this.maxDelayNanos = maxDelay.toNanos();
    this.onFlush = onFlush;
    this.pending = new ArrayBlockingQueue<>(Math.max(1024, maxBatch * 8));
    this.flusher = new Thread(this::run, "srq-ack-" + queue.name());
    this.flusher.setDaemon(true);
    this.flusher.start();
  }

  /**
   * Queues an ack; returns at once unless many acks are already waiting (then it waits for room,
   * which bounds memory when Redis is slow).
   */
  void ack(String uid) {
    if (closed) {
      queue.ack(uid);
      return;
    }
    try {
      pending.put(uid);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      queue.ack(uid);
    }
  }

  /**
   * Takes up to {@code max} acks waiting to be sent, for a caller that sends them itself in a round
   * trip it makes anyway ({@link SafeRedisQueue#ackAndPopAvailable}). The caller must send them, or
   * give them back with {@link #ack} when that fails.
   */
  List<String> takePending(int max) {
    List<String> taken = new ArrayList<>(Math.min(max, pending.size()));
    pending.drainTo(taken, max);
    return taken;
  }

  /** Acks waiting to be sent. */
  int pendingCount() {
    return pending.size();
  }

  private void run() {
    List<String> batch = new ArrayList<>(maxBatch);
    while (!closed || !pending.isEmpty()) {
      try {
        String first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxDelayNanos;
        while (batch.size() < maxBatch) {
          long left = deadline - System.nanoTime();
          String next = left > 0 ? pending.poll(left, TimeUnit.NANOSECONDS) : pending.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        send(batch);
        batch.clear();
      } catch (InterruptedException ex) {
        if (!closed) {
          Thread.currentThread().interrupt();
        }
        break;
      }
    }
    if (!batch.isEmpty()) {
      sendOnce(batch);
    }
  }

  private void send(List<String> batch) throws InterruptedException {
    BackOffExecution retries = null;
    int failures = 0;
    while (true) {
      try {
        queue.ackAll(batch);
        onFlush.accept(batch.size());
        if (failures > 0 && logger.isInfoEnabled()) {
          logger.info(
              "Sent "
                  + batch.size()
                  + " acks of queue "
                  + queue.name()
                  + " after "
                  + failures
                  + " failed attempt(s)");
        }
        return;
      } catch (RuntimeException ex) {
        failures++;
        if (closed) {
          logger.warn(
              "Could not send "
                  + batch.size()
                  + " acks of queue "
                  + queue.name()
                  + " before closing; "
                  + fate(ex)
                  + ex.getMessage());
          return;
        }
        if (retries == null) {
          retries = retryBackOff.start();
        }
        long delay = retries.nextBackOff();
        if (delay == BackOffExecution.STOP) {
          logger.warn(
              "Could not send "
                  + batch.size()
                  + " acks of queue "
                  + queue.name()
                  + " and the back-off gave up; "
                  + fate(ex)
                  + ex.getMessage());
          return;
        }
        // One warning per failing batch: during a failover the retries come every few ms.
        if (failures == 1) {
          logger.warn(
              "Could not send "
                  + batch.size()
                  + " acks of queue "
                  + queue.name()
                  + ", retrying every "
                  + delay
                  + "ms or more until it answers: "
                  + ex.getMessage());
        } else if (logger.isDebugEnabled()) {
          logger.debug(
              "Still cannot send "
                  + batch.size()
                  + " acks of queue "
                  + queue.name()
                  + " (attempt "
                  + failures
                  + "): "
                  + ex.getMessage());
        }
        Thread.sleep(Math.max(0, delay));
      }
    }
  }

  /**
   * What becomes of acks given up on: refused ones leave their items in flight, but acks refused
   * only for durability are done on the primary and lack replicas.
   */
  private static String fate(RuntimeException ex) {
    return ex instanceof SafeRedisQueueDurabilityException
        ? "they are done on the primary, but a failover before the replicas have them would undo"
            + " them: "
        : "autoclean will redeliver them: ";
  }

  private void sendOnce(List<String> batch) {
    try {
      queue.ackAll(batch);
      onFlush.accept(batch.size());
    } catch (RuntimeException ex) {
      logger.warn(
          "Could not send "
              + batch.size()
              + " acks of queue "
              + queue.name()
              + "; "
              + fate(ex)
              + ex.getMessage());
    }
  }

  /** Sends what is waiting (one try) and stops the flushing thread; later acks go out directly. */
  @Override
  public void close() {
    closed = true;
    try {
      flusher.join(5000);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    List<String> rest = new ArrayList<>();
    pending.drainTo(rest);
    if (!rest.isEmpty()) {
      sendOnce(rest);
    }
  }
}

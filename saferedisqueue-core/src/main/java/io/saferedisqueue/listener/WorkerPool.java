package io.saferedisqueue.listener;

import io.saferedisqueue.listener.DeliverySteps.Fetched;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The workers of one container and the hand-off from its fetcher: between {@code min} and {@code
 * max} worker loops, each running one handler at a time on items the fetcher offered, in the order
 * they were fetched. A handler gets one item, or for a batch listener up to {@code perHandler}
 * items: whatever waits when the worker takes its next work, never waiting for more to arrive.
 *
 * <p><b>Bounded prefetch.</b> The fetcher asks {@link #awaitRoom} how many items it may take: room
 * for the free workers ({@code perHandler} items each) plus a small buffer, minus what waits
 * already; so at most {@code max * perHandler + buffer} items are fetched and not finished, and
 * items never wait in this process for long while other consumers could take them.
 *
 * <p><b>Growing and shrinking.</b> When items wait and no worker is idle, another worker starts, up
 * to {@code max}; a worker idle for {@code idleTimeout} ends while more than {@code min} run.
 *
 * <p><b>Pause and stop.</b> {@link #pause()} and {@link #close()} stop workers from starting
 * waiting items and return those items, so the caller can release them at once; running handlers
 * finish. After {@link #close()} every worker ends after its current handler.
 */
final class WorkerPool {

  private static final Log logger = LogFactory.getLog(WorkerPool.class);

  private final String listenerId;
  private final int min;
  private final int max;
  private final int buffer;
  private final int perHandler;
  private final long idleTimeoutNanos;
  private final Executor executor;
  private final Consumer<List<Fetched>> handler;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition room = lock.newCondition();
  private final Condition ended = lock.newCondition();
  private final ArrayDeque<Fetched> waiting = new ArrayDeque<>();
  private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
  private int workers;
  private int idle;
  private int busy;
  private int busyItems;
  private int highestBusy;
  private boolean paused;
  private boolean closed;

  WorkerPool(
      String listenerId,
      int min,
      int max,
      int buffer,
      int perHandler,
      Duration idleTimeout,
      Executor executor,
      Consumer<List<Fetched>> handler) {
    this.listenerId = listenerId;
    this.min = min;
    this.max = max;
    this.buffer = buffer;
    this.perHandler = perHandler;
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.executor = executor;
    this.handler = handler;
  }

  /** Starts the first {@code min} workers. */
  void start(boolean startPaused) {
    lock.lock();
    try {
      paused = startPaused;
      for (int i = 0; i < min; i++) {
        launch();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the fetcher may take at least one item and returns how many (at most {@code
   * batchSize}); returns 0 at once when paused or closed.
   */
  int awaitRoom(int batchSize) {
    lock.lock();
    try {
      while (!closed && !paused && free() <= 0) {
        room.awaitUninterruptibly();
      }
      return closed || paused ? 0 : Math.min(batchSize, free());
    } finally {
      lock.unlock();
    }
  }

  private int free() {
    return max * perHandler - busyItems + buffer - waiting.size();
  }

  /** Waits while paused and not closed; returns whether the pool is still open. */
  boolean awaitResume() {
    lock.lock();
    try {
      while (paused && !closed) {
        room.awaitUninterruptibly();
      }
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands fetched items to the workers. Returns the items not taken (the pool is paused or closed),
   * which the caller must release.
   */
  List<Fetched> offer(List<Fetched> items) {
    lock.lock();
    try {
      if (closed || paused) {
        return items;
      }
      waiting.addAll(items);
      int handlersWanted = (waiting.size() + perHandler - 1) / perHandler;
      int wanted = Math.min(max, busy + handlersWanted);
      while (workers < wanted && idle < handlersWanted) {
        launch();
      }
      for (int i = 0; i < items.size(); i++) {
        work.signal();
      }
      return List.of();
    } finally {
      lock.unlock();
    }
  }

  /** Stops starting items and returns the waiting ones; running handlers finish. */
  List<Fetched> pause() {
    lock.lock();
    try {
      paused = true;
      room.signalAll();
      return drain();
    } finally {
      lock.unlock();
    }
  }

  /** Starts items again after {@link #pause()}. */
  void resume() {
    lock.lock();
    try {
      paused = false;
      room.signalAll();
      work.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the pool: no item starts any more; returns the waiting ones. */
  List<Fetched> close() {
    lock.lock();
    try {
      closed = true;
      room.signalAll();
      work.signalAll();
      return drain();
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    return closed;
  }

  private List<Fetched> drain() {
    List<Fetched> drained = new ArrayList<>(waiting);
    waiting.clear();
    return drained;
  }

  /**
   * Waits until every worker ended or the deadline (a {@link System#nanoTime()}) passed; returns
   * how many still run. A worker that calls this (a handler stopping its own container) does not
   * wait for itself.
   */
  int awaitTermination(long deadlineNanos) throws InterruptedException {
    int self = workerThreads.contains(Thread.currentThread()) ? 1 : 0;
    lock.lock();
    try {
      long remaining;
      while (workers > self && (remaining = deadlineNanos - System.nanoTime()) > 0) {
        ended.awaitNanos(remaining);
      }
      return workers - self;
    } finally {
      lock.unlock();
    }
  }

  /** Number of workers running now. */
  int workers() {
    lock.lock();
    try {
      return workers;
    } finally {
      lock.unlock();
    }
  }

  /** Most handlers that ran at the same time so far. */
  int highestBusy() {
    lock.lock();
    try {
      return highestBusy;
    } finally {
      lock.unlock();
    }
  }

  /** Starts one worker; called holding the lock. */
  private void launch() {
    workers++;
    try {
      executor.execute(this::work);
    } catch (RejectedExecutionException ex) {
      workers--;
      logger.error(
          "Listener '" + listenerId + "': the task executor rejected a worker; running " + workers,
          ex);
    }
  }

  private void work() {
    Thread self = Thread.currentThread();
    workerThreads.add(self);
    boolean countedOut = false;
    try {
      List<Fetched> next;
      while ((next = take()) != null) {
        try {
          handler.accept(next);
        } finally {
          finished(next.size());
        }
      }
      // take() returned null and counted this worker out.
      countedOut = true;
    } finally {
      workerThreads.remove(self);
      lock.lock();
      try {
        if (!countedOut) {
          workers--;
        }
        ended.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The next items to run (one, or up to {@code perHandler} of those waiting), or null when this
   * worker ends (closed, or idle and above min), counted out of {@code workers} already.
   */
  private @Nullable List<Fetched> take() {
    lock.lock();
    try {
      long idleNanos = idleTimeoutNanos;
      idle++;
      try {
        while (true) {
          if (closed) {
            workers--;
            return null;
          }
          if (!paused && !waiting.isEmpty()) {
            busy++;
            highestBusy = Math.max(highestBusy, busy);
            int count = Math.min(perHandler, waiting.size());
            busyItems += count;
            if (count == 1) {
              return List.of(waiting.pollFirst());
            }
            List<Fetched> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              items.add(waiting.pollFirst());
            }
            return items;
          }
          if (workers <= min || paused) {
            work.awaitUninterruptibly();
          } else if (idleNanos <= 0) {
            // Counted out under the lock, so that workers idling out together never end below min.
            workers--;
            return null;
          } else {
            idleNanos = awaitWork(idleNanos);
          }
        }
      } finally {
        idle--;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits for work at most so long; an interrupt only ends the wait early. */
  private long awaitWork(long nanos) {
    long deadline = System.nanoTime() + nanos;
    try {
      return work.awaitNanos(nanos);
    } catch (InterruptedException ex) {
      return deadline - System.nanoTime();
    }
  }

  private void finished(int items) {
    lock.lock();
    try {
      busy--;
      busyItems -= items;
      room.signal();
    } finally {
      lock.unlock();
    }
  }
}

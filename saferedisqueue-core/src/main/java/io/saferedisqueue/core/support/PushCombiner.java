package io.saferedisqueue.core.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Combines the pushes of concurrent threads into one push script per round trip ("flat combining"):
 * a pushing thread queues its item; whichever thread finds no flush running sends everything queued
 * so far as one script and wakes the others. A single thread pays nothing extra; many threads share
 * round trips, which saves Redis and client CPU per item.
 *
 * <p>Asynchronous pushes join the same line without a waiting thread: one sender thread of the
 * queue flushes them (with whatever synchronous pushes wait beside them) as soon as it can, so an
 * idle queue sends at once and a busy one sends everything that arrived during the previous round
 * trip in the next. The sender thread is started on the first asynchronous push.
 *
 * <p>Each item is sent exactly once, by one flush. When a flush fails, every push in it fails with
 * that error: a push that completed with its uid was stored, a push that failed may or may not have
 * been (if Redis ran the script but the reply was lost), never silently dropped.
 */
final class PushCombiner {

  private static final int MAX_BATCH = 512;

  /**
   * Payload bytes after which a flush stops adding items to its script (it always takes one), so
   * that no push script copies more than about this much and holds up Redis for long.
   */
  private static final long MAX_BATCH_BYTES = 1024 * 1024;

  private static final long PARK_NANOS = 200_000;

  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final BiConsumer<byte[], Object[]> sender;
  private final String senderThreadName;
  private final Semaphore room;
  private @Nullable ExecutorService asyncSender;
  private volatile boolean abandoned;

  /** The pushes of the script being sent right now, so close can finish them if it must. */
  private volatile List<Pending> sending = List.of();

  /**
   * @param sender runs the push script with these header lines (the same for every item) and {@code
   *     uid1, payload1, uid2, payload2, ...}
   * @param senderThreadName name of the thread that sends asynchronous pushes
   * @param maxPending most asynchronous pushes queued or being sent at once
   */
  PushCombiner(BiConsumer<byte[], Object[]> sender, String senderThreadName, int maxPending) {
    this.sender = sender;
    this.senderThreadName = senderThreadName;
    this.room = new Semaphore(maxPending);
  }

  /** Stores the item with the items of concurrent callers; returns once it is in Redis. */
  void push(byte[] uid, byte[] payload) {
    Pending mine = new Pending(PushObserver.NO_HEADERS, uid, payload, Thread.currentThread());
    pending.add(mine);
    while (!mine.future.isDone()) {
      if (flushing.compareAndSet(false, true)) {
        flushOnceAndHandOn();
      } else {
        LockSupport.parkNanos(this, PARK_NANOS);
      }
    }
    RuntimeException error = mine.error;
    if (error != null) {
      throw error;
    }
  }

  /**
   * Queues the item for the sender thread; the future completes once it is in Redis, or
   * exceptionally with the error of the script that carried it. Consecutive items with equal header
   * lines share a script; an item with its own (a trace context) gets one of its own. While {@code
   * maxPending} asynchronous pushes are unfinished (Redis slow or unreachable), waits for one of
   * them to finish, so a fast producer cannot fill the heap.
   *
   * @throws InterruptedException when interrupted while waiting for room
   */
  CompletableFuture<Void> pushAsync(byte[] headers, byte[] uid, byte[] payload)
      throws InterruptedException {
    room.acquire();
    Pending mine = new Pending(headers, uid, payload, null);
    pending.add(mine);
    scheduleDrain();
    return mine.future;
  }

  /**
   * Sends what is still queued and stops the sender thread; waits at most {@code timeout} for it.
   * After that (Redis too slow to take them in time) the sender thread is interrupted, and every
   * push it has not finished fails before this returns: pushes still queued with {@code notSent}
   * (they were not stored), pushes of the script it was sending with {@code maybeSent} unless that
   * script ended with an error of its own first (Redis may or may not have run it).
   */
  void close(long timeout, TimeUnit unit, RuntimeException notSent, RuntimeException maybeSent) {
    ExecutorService executor;
    synchronized (this) {
      executor = asyncSender;
    }
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (executor.awaitTermination(timeout, unit)) {
        return;
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    // The sender thread stops after its current script; what is still queued fails here.
    abandoned = true;
    executor.shutdownNow();
    Pending left;
    while ((left = pending.poll()) != null) {
      finish(left, notSent);
    }
    // The interrupted script usually ends at once with its own error; close does not wait for it.
    for (Pending unfinished : sending) {
      finish(unfinished, maybeSent);
    }
  }

  /** Runs one flush (the caller holds the flag), releases the flag and hands the rest on. */
  private void flushOnceAndHandOn() {
    try {
      flush();
    } finally {
      flushing.set(false);
    }
    Pending next = pending.peek();
    if (next != null) {
      if (next.waiter != null) {
        LockSupport.unpark(next.waiter);
      } else {
        scheduleDrain();
      }
    }
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        sender().execute(this::drain);
      } catch (RejectedExecutionException ex) {
        // The queue is closing: send from this thread rather than leave the item behind.
        drain();
      }
    }
  }

  /**
   * Flushes until nothing is queued. When another thread holds the flag, it hands the rest on once
   * it is done (see {@link #flushOnceAndHandOn()}), so this one may stop.
   */
  private void drain() {
    drainScheduled.set(false);
    while (!abandoned && !pending.isEmpty()) {
      if (!flushing.compareAndSet(false, true)) {
        return;
      }
      try {
        flush();
      } finally {
        flushing.set(false);
      }
    }
  }

  private synchronized ExecutorService sender() {
    if (asyncSender == null) {
      asyncSender =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread thread = new Thread(task, senderThreadName);
                thread.setDaemon(true);
                return thread;
              });
    }
    return asyncSender;
  }

  private void flush() {
    List<Pending> batch = new ArrayList<>();
    long bytes = 0;
    Pending next;
    while (batch.size() < MAX_BATCH && bytes < MAX_BATCH_BYTES && (next = pending.poll()) != null) {
      batch.add(next);
      bytes += next.payload.length;
    }
    if (batch.isEmpty()) {
      return;
    }
    int start = 0;
    while (start < batch.size()) {
      byte[] headers = batch.get(start).headers;
      int end = start + 1;
      while (end < batch.size() && Arrays.equals(batch.get(end).headers, headers)) {
        end++;
      }
      send(headers, batch.subList(start, end));
      start = end;
    }
  }

  private void send(byte[] headers, List<Pending> run) {
    Object[] args = new Object[run.size() * 2];
    for (int i = 0; i < run.size(); i++) {
      args[2 * i] = run.get(i).uid;
      args[2 * i + 1] = run.get(i).payload;
    }
    RuntimeException failure = null;
    sending = run;
    try {
      sender.accept(headers, args);
    } catch (RuntimeException ex) {
      failure = ex;
    } finally {
      sending = List.of();
    }
    for (Pending done : run) {
      finish(done, failure);
    }
  }

  /** Finishes the push unless close or its script already did; an asynchronous one frees room. */
  private void finish(Pending push, @Nullable RuntimeException failure) {
    if (push.finish(failure) && push.waiter == null) {
      room.release();
    }
  }

  private static final class Pending {
    final byte[] headers;
    final byte[] uid;
    final byte[] payload;
    final @Nullable Thread waiter;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    final AtomicBoolean finished = new AtomicBoolean();
    volatile @Nullable RuntimeException error;

    Pending(byte[] headers, byte[] uid, byte[] payload, @Nullable Thread waiter) {
      this.headers = headers;
      this.uid = uid;
      this.payload = payload;
      this.waiter = waiter;
    }

    /** Completes the push once; returns false when it was already finished. */
    boolean finish(@Nullable RuntimeException failure) {
      if (!finished.compareAndSet(false, true)) {
        return false;
      }
      error = failure;
      if (failure == null) {
        future.complete(null);
      } else {
        future.completeExceptionally(failure);
      }
      if (waiter != null) {
        LockSupport.unpark(waiter);
      }
      return true;
    }
  }
}

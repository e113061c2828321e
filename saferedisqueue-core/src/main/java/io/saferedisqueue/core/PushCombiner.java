package io.saferedisqueue.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Combines the pushes of concurrent threads into one push script per round trip ("flat combining"):
 * a pushing thread queues its item; whichever thread finds no flush running sends everything queued
 * so far as one script and wakes the others. A single thread pays nothing extra; many threads share
 * round trips, which saves Redis and client CPU per item.
 *
 * <p>Each item is sent exactly once, by one flush. When a flush fails, every push in it throws that
 * error: a push that returned its uid was stored, a push that threw may or may not have been (if
 * Redis ran the script but the reply was lost), never silently dropped.
 */
final class PushCombiner {

  private static final int MAX_BATCH = 512;
  private static final long PARK_NANOS = 200_000;

  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private final Consumer<Object[]> sender;

  /**
   * @param sender runs the push script with {@code uid1, payload1, uid2, payload2, ...}
   */
  PushCombiner(Consumer<Object[]> sender) {
    this.sender = sender;
  }

  /** Stores the item with the items of concurrent callers; returns once it is in Redis. */
  void push(byte[] uid, byte[] payload) {
    Pending mine = new Pending(uid, payload, Thread.currentThread());
    pending.add(mine);
    while (!mine.finished) {
      if (flushing.compareAndSet(false, true)) {
        try {
          flush();
        } finally {
          flushing.set(false);
        }
        Pending next = pending.peek();
        if (next != null) {
          LockSupport.unpark(next.waiter);
        }
      } else {
        LockSupport.parkNanos(this, PARK_NANOS);
      }
    }
    RuntimeException error = mine.error;
    if (error != null) {
      throw error;
    }
  }

  private void flush() {
    List<Pending> batch = new ArrayList<>();
    Pending next;
    while (batch.size() < MAX_BATCH && (next = pending.poll()) != null) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    Object[] args = new Object[batch.size() * 2];
    for (int i = 0; i < batch.size(); i++) {
      args[2 * i] = batch.get(i).uid;
      args[2 * i + 1] = batch.get(i).payload;
    }
    RuntimeException failure = null;
    try {
      sender.accept(args);
    } catch (RuntimeException ex) {
      failure = ex;
    }
    for (Pending done : batch) {
      done.error = failure;
      done.finished = true;
      LockSupport.unpark(done.waiter);
    }
  }

  private static final class Pending {
    final byte[] uid;
    final byte[] payload;
    final Thread waiter;
    volatile @Nullable RuntimeException error;
    volatile boolean finished;

    Pending(byte[] uid, byte[] payload, Thread waiter) {
      this.uid = uid;
      this.payload = payload;
      this.waiter = waiter;
    }
  }
}

package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/** One producer thread's {@code pushAsync} calls, with at most {@code window} of them in flight. */
final class WindowedPushes {

  private final int window;
  private final Semaphore inFlight;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  WindowedPushes(int window) {
    this.window = window;
    this.inFlight = new Semaphore(window);
  }

  /** Starts a push, first waiting while {@code window} pushes are in flight. */
  void push(SafeRedisQueue queue, byte[] payload) throws InterruptedException {
    inFlight.acquire();
    queue
        .pushAsync(payload)
        .whenComplete(
            (uid, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
              inFlight.release();
            });
  }

  /** Waits until every push has completed; throws when one failed. */
  void awaitAll() throws InterruptedException {
    inFlight.acquire(window);
    inFlight.release(window);
    Throwable error = failure.get();
    if (error != null) {
      throw new IllegalStateException("a push failed: " + error.getMessage(), error);
    }
  }
}

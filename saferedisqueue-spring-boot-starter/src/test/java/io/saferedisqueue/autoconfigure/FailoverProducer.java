package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Pushes to one queue on a thread of its own until stopped, as fast as a short pause allows,
 * recording each push that returned a uid and when, and when pushes failed: the load of the
 * failover tests.
 */
final class FailoverProducer {

  /** A push that returned its uid, and when it returned ({@link System#nanoTime()}). */
  record Pushed(String uid, long nanos) {}

  private final SafeRedisQueue queue;
  private final List<Pushed> pushed = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> failures = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile boolean stopping;

  FailoverProducer(SafeRedisQueue queue) {
    this.queue = queue;
    this.thread = new Thread(this::run, "producer-" + queue.name());
  }

  void start() {
    thread.start();
  }

  void stop() {
    stopping = true;
    try {
      thread.join(30_000);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long n = 0;
    while (!stopping) {
      try {
        String uid = queue.push("item " + n++);
        pushed.add(new Pushed(uid, System.nanoTime()));
        Thread.sleep(2);
      } catch (SafeRedisQueueException ex) {
        failures.add(System.nanoTime());
        pause(20);
      } catch (InterruptedException ex) {
        return;
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  int pushedCount() {
    return pushed.size();
  }

  List<Pushed> pushed() {
    synchronized (pushed) {
      return List.copyOf(pushed);
    }
  }

  int failures() {
    return failures.size();
  }

  /**
   * How long after {@code sinceNanos} pushes went through again: the first push that returned after
   * the last failed one (or after {@code sinceNanos} when none failed); null when none has yet.
   */
  @Nullable Duration resumedAfter(long sinceNanos) {
    long lastFailure;
    synchronized (failures) {
      lastFailure = failures.stream().mapToLong(Long::longValue).max().orElse(sinceNanos);
    }
    long from = Math.max(sinceNanos, lastFailure);
    return pushed().stream().mapToLong(Pushed::nanos).filter(nanos -> nanos > from).min().stream()
        .mapToObj(nanos -> Duration.ofNanos(nanos - sinceNanos))
        .findFirst()
        .orElse(null);
  }

  /** Whether some push returned after the last failed one, and at least {@code count} did. */
  boolean resumedWith(int count) {
    long lastFailure;
    synchronized (failures) {
      lastFailure = failures.stream().mapToLong(Long::longValue).max().orElse(0L);
    }
    return pushed().stream().filter(p -> p.nanos() > lastFailure).count() >= count;
  }
}

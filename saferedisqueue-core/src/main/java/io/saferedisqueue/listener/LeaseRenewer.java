package io.saferedisqueue.listener;

import io.saferedisqueue.core.SafeRedisQueue;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the items of running handlers from autoclean's requeue: a few times per autoclean interval
 * (every third of it; every 10 s when this instance's autoclean is disabled, since other consumers
 * may rotate) it moves their uids back into the young generation with {@link SafeRedisQueue#renew}.
 * If the process dies, renewals stop and autoclean requeues the items within two intervals. Without
 * renewal it only tracks the running items.
 */
final class LeaseRenewer {

  private static final Log logger = LogFactory.getLog(LeaseRenewer.class);

  private final String listenerId;
  private final SafeRedisQueue queue;
  private final RedisOutageMonitor outage;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final @Nullable ScheduledExecutorService renewer;

  LeaseRenewer(String listenerId, SafeRedisQueue queue, RedisOutageMonitor outage, boolean renew) {
    this.listenerId = listenerId;
    this.queue = queue;
    this.outage = outage;
    this.renewer = renew ? startRenewal() : null;
  }

  /** A handler starts on this item. */
  void started(String uid) {
    inFlight.add(uid);
  }

  /** The handler of this item ended (acked, failed, or left to autoclean). */
  void ended(String uid) {
    inFlight.remove(uid);
  }

  /** Uids whose handlers run at this moment. */
  Set<String> inFlight() {
    return Set.copyOf(inFlight);
  }

  /** Ends the renewals. */
  void stop() {
    if (renewer != null) {
      renewer.shutdownNow();
    }
  }

  private ScheduledExecutorService startRenewal() {
    long periodMillis =
        queue
            .settings()
            .autocleanInterval()
            .map(interval -> Math.max(50, interval.toMillis() / 3))
            .orElse(10_000L);
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "srq-" + listenerId + "-lease");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(this::renew, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return executor;
  }

  private void renew() {
    if (inFlight.isEmpty()) {
      return;
    }
    try {
      int moved = queue.renew(List.copyOf(inFlight));
      if (moved > 0 && logger.isDebugEnabled()) {
        logger.debug("Listener '" + listenerId + "' renewed " + moved + " long-running item(s)");
      }
    } catch (RuntimeException ex) {
      outage.failed(ex);
    }
  }
}

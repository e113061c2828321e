package io.saferedisqueue.dashboard;

import io.saferedisqueue.core.QueueNameScan;
import io.saferedisqueue.core.SafeRedisQueueAdmin;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Finds the queues in Redis ({@code srq:NAME:items}) a bounded slice at a time: each call runs at
 * most one scan script of {@value #STEPS} SCAN steps of {@value #COUNT} keys; a complete pass is
 * followed by a pause of {@link #PASS_PAUSE_MILLIS} ms. A queue stays known for a while after it
 * was last seen (an empty queue has no payload hash). Not thread-safe: the sampler thread calls it.
 */
final class QueueDiscovery {

  static final int COUNT = 1000;

  static final int STEPS = 5;

  static final long PASS_PAUSE_MILLIS = 30_000;

  /** Most queues kept, so a database with many queues cannot make the dashboard grow. */
  static final int MAX_QUEUES = 200;

  private static final Log logger = LogFactory.getLog(QueueDiscovery.class);

  private final long keepMillis;
  private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
  private String cursor = "0";
  private long nextPassAt;
  private boolean off;
  private boolean outage;

  /**
   * Discovery that keeps a queue for {@code keepMillis} (at least two passes) after it was seen.
   */
  QueueDiscovery(long keepMillis) {
    this.keepMillis = Math.max(keepMillis, 2 * PASS_PAUSE_MILLIS);
  }

  /** Starts a new pass at the next call, without waiting for the pause after the last one. */
  void passNow() {
    nextPassAt = 0;
  }

  /** Runs the next slice when one is due; returns the queues seen recently, sorted. */
  Set<String> discover(SafeRedisQueueAdmin admin, long now) {
    if (!off && (!cursor.equals("0") || now >= nextPassAt)) {
      try {
        QueueNameScan slice = admin.scanQueueNames(cursor, COUNT, STEPS);
        for (String name : slice.names()) {
          if (lastSeen.size() < MAX_QUEUES || lastSeen.containsKey(name)) {
            lastSeen.put(name, now);
          }
        }
        cursor = slice.cursor();
        if (slice.complete()) {
          nextPassAt = now + PASS_PAUSE_MILLIS;
        }
        outage = false;
      } catch (SafeRedisQueueConnectionException ex) {
        if (!outage) {
          logger.info("Dashboard: cannot look for queues in Redis for now: " + ex.getMessage());
          outage = true;
        }
      } catch (RuntimeException ex) {
        // Such as a Redis that refuses SCAN in scripts: the dashboard shows the application's
        // queues only.
        logger.warn("Dashboard: looking for queues in Redis is off: " + ex.getMessage());
        off = true;
      }
    }
    lastSeen.values().removeIf(seen -> now - seen > keepMillis);
    return new TreeSet<>(lastSeen.keySet());
  }
}

package io.saferedisqueue.dashboard;

import io.saferedisqueue.autoconfigure.control.SafeRedisQueueControl;
import io.saferedisqueue.autoconfigure.control.SafeRedisQueueControl.ListenerState;
import io.saferedisqueue.core.DeadLetterInfo;
import io.saferedisqueue.core.DelayedItemInfo;
import io.saferedisqueue.core.InFlightItemInfo;
import io.saferedisqueue.core.PayloadPreview;
import io.saferedisqueue.core.SafeRedisQueueStats;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The JSON documents of the dashboard's endpoints. Times are epoch milliseconds; ages and delays
 * are computed with the Redis clock of the same read, so they do not depend on clock skew.
 */
final class DashboardViews {

  /** Longest reason shown for a dead letter; the rest is cut. */
  static final int MAX_REASON_CHARS = 2000;

  private DashboardViews() {}

  record Overview(
      boolean readOnly,
      @Nullable String redis,
      long sampleIntervalMillis,
      long historyMillis,
      boolean rates,
      long time,
      List<QueueView> queues,
      List<LogicalQueueView> sharded,
      List<ListenerView> listeners,
      Map<String, List<List<@Nullable Object>>> history) {}

  /**
   * A sharded queue: its shards (each also a row of the queues) and their sums; a size is {@code
   * null} while a shard's is unknown, a rate while no shard has one.
   */
  record LogicalQueueView(
      String name,
      List<String> shards,
      @Nullable Long waiting,
      @Nullable Long inFlight,
      @Nullable Long delayed,
      @Nullable Long dead,
      @Nullable Double pushedPerSecond,
      @Nullable Double ackedPerSecond,
      @Nullable Double failedPerSecond) {

    static LogicalQueueView of(String name, List<String> shards, Map<String, QueueView> queues) {
      List<QueueView> views = shards.stream().map(queues::get).toList();
      return new LogicalQueueView(
          name,
          shards,
          sumLong(views, QueueView::waiting),
          sumLong(views, QueueView::inFlight),
          sumLong(views, QueueView::delayed),
          sumLong(views, QueueView::dead),
          sumRate(views, QueueView::pushedPerSecond),
          sumRate(views, QueueView::ackedPerSecond),
          sumRate(views, QueueView::failedPerSecond));
    }

    private static @Nullable Long sumLong(
        List<@Nullable QueueView> views,
        java.util.function.Function<QueueView, @Nullable Long> value) {
      long sum = 0;
      for (QueueView view : views) {
        Long one = view == null ? null : value.apply(view);
        if (one == null) {
          return null;
        }
        sum += one;
      }
      return sum;
    }

    private static @Nullable Double sumRate(
        List<@Nullable QueueView> views,
        java.util.function.Function<QueueView, @Nullable Double> value) {
      Double sum = null;
      for (QueueView view : views) {
        Double one = view == null ? null : value.apply(view);
        if (one != null) {
          sum = (sum == null ? 0 : sum) + one;
        }
      }
      return sum;
    }
  }

  record QueueView(
      String name,
      boolean application,
      @Nullable Long waiting,
      @Nullable Long inFlight,
      @Nullable Long ackbuf,
      @Nullable Long backup,
      @Nullable Long delayed,
      @Nullable Long dead,
      @Nullable Double oldestAgeSeconds,
      @Nullable Double pushedPerSecond,
      @Nullable Double ackedPerSecond,
      @Nullable Double failedPerSecond,
      @Nullable String error) {

    static QueueView of(
        String name,
        boolean application,
        @Nullable SafeRedisQueueStats stats,
        QueueHistory.@Nullable Sample latest,
        @Nullable String error) {
      return new QueueView(
          name,
          application,
          stats == null ? null : stats.waiting(),
          stats == null ? null : stats.inFlight(),
          stats == null ? null : stats.sizes().ackbuf(),
          stats == null ? null : stats.sizes().backup(),
          stats == null ? null : stats.delayed(),
          stats == null ? null : stats.dead(),
          stats == null || stats.oldestAge() == null ? null : stats.oldestAgeSeconds(),
          latest == null ? null : latest.pushedPerSecond(),
          latest == null ? null : latest.ackedPerSecond(),
          latest == null ? null : latest.failedPerSecond(),
          error);
    }
  }

  /**
   * One queue for its page.
   *
   * @param actions whether its dead letters may be requeued and deleted here (a queue of this
   *     application, and the dashboard not read-only)
   * @param maxDeliveries the queue's own limit (0: none), {@code null} for a queue of others
   * @param deliveryLimits which limit applies to whom, in words, {@code null} for a queue of others
   */
  record QueueDetails(
      QueueView queue,
      boolean readOnly,
      boolean actions,
      @Nullable Integer maxDeliveries,
      @Nullable String deliveryLimits,
      @Nullable Long autocleanIntervalMillis,
      List<ListenerView> listeners,
      long sampleIntervalMillis,
      long historyMillis,
      boolean rates,
      List<List<@Nullable Object>> history) {}

  /**
   * The delivery limits of a queue in words, each labelled with whom it applies to, so the queue's
   * own limit (its {@code pop} and {@code fail}: 0 for none, the default) and its listeners' retry
   * limits (the listener fails items with its own limit, 5 by default in the starter) never read as
   * two answers to one question.
   */
  static String deliveryLimits(int queueMaxDeliveries, List<ListenerView> listeners) {
    StringBuilder text = new StringBuilder();
    Map<Integer, List<String>> byLimit = new TreeMap<>();
    for (ListenerView listener : listeners) {
      byLimit
          .computeIfAbsent(listener.maxDeliveries(), limit -> new ArrayList<>())
          .add(listener.id());
    }
    byLimit.forEach(
        (limit, ids) -> {
          text.append(ids.size() == 1 ? "listener " : "listeners ")
              .append(String.join(", ", ids))
              .append(
                  limit > 0
                      ? ": dead letter after " + limit + " deliveries"
                      : ": retry without limit")
              .append(" · ");
        });
    text.append(
            listeners.isEmpty() ? "queue" : "queue's own limit (pop and fail outside listeners)")
        .append(
            queueMaxDeliveries > 0
                ? ": dead letter after " + queueMaxDeliveries + " deliveries"
                : ": no delivery limit");
    return text.toString();
  }

  record ListenerView(
      String id,
      String queue,
      String state,
      int concurrency,
      int activeHandlers,
      int maxDeliveries) {

    static ListenerView of(SafeQueueListenerContainer container) {
      ListenerState listener = SafeRedisQueueControl.state(container);
      String state = !listener.running() ? "stopped" : listener.paused() ? "paused" : "running";
      return new ListenerView(
          listener.id(),
          listener.queue(),
          state,
          listener.concurrency(),
          listener.activeHandlers(),
          listener.maxDeliveries());
    }
  }

  record Page<T>(long offset, int limit, long total, long redisTime, List<T> items) {}

  record Payload(String text, long size, boolean truncated, boolean present) {

    static Payload of(PayloadPreview preview) {
      return new Payload(
          preview.text(), Math.max(0, preview.size()), preview.truncated(), preview.present());
    }
  }

  record DeadLetterRow(String uid, int deliveries, long deadAt, String reason, Payload payload) {

    static DeadLetterRow of(DeadLetterInfo dead) {
      String reason = dead.reason();
      if (reason.length() > MAX_REASON_CHARS) {
        reason = reason.substring(0, MAX_REASON_CHARS) + "…";
      }
      return new DeadLetterRow(
          dead.uid(),
          dead.deliveries(),
          dead.deadAt().toEpochMilli(),
          reason,
          Payload.of(dead.payload()));
    }
  }

  /**
   * An item in flight.
   *
   * @param generation {@code backup} (requeued by the next autoclean rotation unless acked, failed
   *     or renewed first) or {@code ackbuf} (moved to backup by the next rotation)
   */
  record InFlightRow(
      String uid,
      String generation,
      int deliveries,
      @Nullable Long queuedAt,
      @Nullable Long ageMillis,
      Payload payload) {

    static InFlightRow of(InFlightItemInfo item, Instant redisTime) {
      Instant queuedAt = item.queuedAt();
      return new InFlightRow(
          item.uid(),
          item.inBackup() ? "backup" : "ackbuf",
          item.deliveries(),
          queuedAt == null ? null : queuedAt.toEpochMilli(),
          queuedAt == null ? null : Math.max(0, redisTime.toEpochMilli() - queuedAt.toEpochMilli()),
          Payload.of(item.payload()));
    }
  }

  record DelayedRow(String uid, long dueAt, long dueInMillis, int deliveries, Payload payload) {

    static DelayedRow of(DelayedItemInfo item, Instant redisTime) {
      return new DelayedRow(
          item.uid(),
          item.dueAt().toEpochMilli(),
          item.dueAt().toEpochMilli() - redisTime.toEpochMilli(),
          item.deliveries(),
          Payload.of(item.payload()));
    }
  }

  record Uids(@Nullable List<String> uids) {}

  record ActionResult(String queue, String action, long count, long deadRemaining) {}

  record Error(String error) {}
}

package io.saferedisqueue.listener;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.DeliverySteps.Fetched;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one thread of a container that takes items from Redis, and so its only blocking connection:
 * it asks the {@link WorkerPool} how many items it may take (free workers plus a small buffer),
 * takes up to that many in one round trip, or, when the queue is empty, blocks in Redis for at most
 * the poll timeout, and hands them to the workers. Acks waiting in the {@link AckBatcher} ride
 * along with the next non-blocking take ({@link SafeRedisQueue#ackAndPopAvailable}), so a busy
 * listener spends one round trip per batch on both. Items it took that the pool no longer accepts
 * (paused or stopped meanwhile) go back at once with {@link SafeRedisQueue#release}.
 */
final class ItemFetcher implements Runnable {

  private static final Log logger = LogFactory.getLog(ItemFetcher.class);

  private final String listenerId;
  private final SafeRedisQueue queue;
  private final SafeQueueListenerSettings settings;
  private final int fetchSize;
  private final WorkerPool pool;
  private final RedisOutageMonitor outage;
  private final @Nullable AckBatcher ackBatcher;
  private final Thread thread;

  /** Whether the last take got all it asked for, so that more items are likely waiting. */
  private boolean backlog;

  ItemFetcher(
      String listenerId,
      SafeRedisQueue queue,
      SafeQueueListenerSettings settings,
      int fetchSize,
      WorkerPool pool,
      RedisOutageMonitor outage,
      @Nullable AckBatcher ackBatcher) {
    this.listenerId = listenerId;
    this.queue = queue;
    this.settings = settings;
    this.fetchSize = fetchSize;
    this.pool = pool;
    this.outage = outage;
    this.ackBatcher = ackBatcher;
    this.thread = new Thread(this, "srq-" + listenerId + "-fetcher");
  }

  void start() {
    thread.start();
  }

  Thread thread() {
    return thread;
  }

  @Override
  public void run() {
    RedisOutageMonitor.Recovery recovery = outage.recovery();
    while (!pool.isClosed()) {
      try {
        int room = pool.awaitRoom(fetchSize);
        if (room == 0) {
          pool.awaitResume();
          continue;
        }
        List<SafeRedisQueueItem> batch;
        try {
          batch = fetch(room);
        } catch (RuntimeException ex) {
          outage.failed(ex);
          recovery.await(ex instanceof SafeRedisQueueConfigurationException);
          continue;
        }
        outage.answered();
        recovery.reset();
        if (!batch.isEmpty()) {
          release(pool.offer(fetched(batch)));
        }
      } catch (RuntimeException | Error ex) {
        // Nothing above should throw; the fetcher must survive whatever does.
        logger.error("Listener '" + listenerId + "': unexpected fetcher failure", ex);
        recovery.await();
      }
    }
  }

  /**
   * Takes up to {@code room} items. While there is a backlog (the last take filled what it asked
   * for), acks that wait in the batcher go in the same round trip (the ackpop script). When the
   * queue ran empty, the fetcher blocks in Redis at once and leaves the acks to the batcher: an
   * ackpop would then find nothing to take and cost a round trip per item.
   */
  private List<SafeRedisQueueItem> fetch(int room) {
    AckBatcher batcher = ackBatcher;
    List<String> acks =
        batcher == null || !backlog ? List.of() : batcher.takePending(settings.ackBatchSize());
    List<SafeRedisQueueItem> taken;
    if (acks.isEmpty()) {
      taken = queue.popBatch(room, settings.pollTimeout());
    } else {
      try {
        taken = queue.ackAndPopAvailable(acks, room);
      } catch (RuntimeException ex) {
        giveBack(batcher, acks);
        throw ex;
      }
      if (taken.isEmpty()) {
        taken = queue.popBatch(room, settings.pollTimeout());
      }
    }
    backlog = taken.size() >= room;
    return taken;
  }

  /** Acks that did not go through are the batcher's again, which retries them with its back-off. */
  private void giveBack(AckBatcher batcher, List<String> acks) {
    try {
      acks.forEach(batcher::ack);
    } catch (RuntimeException ex) {
      logger.warn(
          "Listener '"
              + listenerId
              + "' could not ack "
              + acks.size()
              + " item(s); they stay in flight and autoclean delivers them again");
    }
  }

  private List<Fetched> fetched(List<SafeRedisQueueItem> batch) {
    ListenerObservations.BatchHeaders headers =
        settings.observationRegistry().isNoop()
            ? null
            : new ListenerObservations.BatchHeaders(queue, batch);
    return batch.stream().map(item -> new Fetched(item, headers)).toList();
  }

  /**
   * Puts items no handler ran back at the head of the queue, in the order they were fetched. This
   * is not a failure: the delivery is not counted and nothing is dead-lettered, whatever the
   * maximum deliveries.
   */
  void release(List<Fetched> items) {
    if (items.isEmpty()) {
      return;
    }
    List<String> uids = items.stream().map(fetched -> fetched.item().uid()).toList();
    try {
      queue.release(uids);
      if (logger.isDebugEnabled()) {
        logger.debug(
            "Listener '"
                + listenerId
                + "' put "
                + uids.size()
                + " fetched, unstarted item(s) back");
      }
    } catch (RuntimeException ex) {
      outage.failed(ex);
      logger.warn(
          "Listener '"
              + listenerId
              + "' could not put "
              + uids.size()
              + " fetched, unstarted item(s) back; they stay in flight and autoclean delivers them"
              + " again");
    }
  }
}

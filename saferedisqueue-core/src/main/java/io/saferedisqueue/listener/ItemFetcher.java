package io.saferedisqueue.listener;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import io.saferedisqueue.listener.ItemHandler.Fetched;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one thread of a container that takes items from Redis, and so its only blocking connection:
 * it asks the {@link WorkerPool} how many items it may take (free workers plus a small buffer),
 * takes up to that many in one round trip, or, when the queue is empty, blocks in Redis for at most
 * the poll timeout, and hands them to the workers. Items it took that the pool no longer accepts
 * (paused or stopped meanwhile) go back at once with {@link SafeRedisQueue#release}.
 */
final class ItemFetcher implements Runnable {

  private static final Log logger = LogFactory.getLog(SafeQueueListenerContainer.class);

  private final String listenerId;
  private final SafeRedisQueue queue;
  private final SafeQueueListenerSettings settings;
  private final WorkerPool pool;
  private final RedisOutageMonitor outage;
  private final Thread thread;

  ItemFetcher(
      String listenerId,
      SafeRedisQueue queue,
      SafeQueueListenerSettings settings,
      WorkerPool pool,
      RedisOutageMonitor outage) {
    this.listenerId = listenerId;
    this.queue = queue;
    this.settings = settings;
    this.pool = pool;
    this.outage = outage;
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
        int room = pool.awaitRoom(settings.batchSize());
        if (room == 0) {
          pool.awaitResume();
          continue;
        }
        List<SafeRedisQueueItem> batch;
        try {
          batch = queue.popBatch(room, settings.pollTimeout());
        } catch (RuntimeException ex) {
          outage.failed(ex);
          recovery.await();
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

package io.saferedisqueue.benchmarks;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import java.util.List;

/** Deletes what a benchmark run left in Redis. */
final class QueueCleanup {

  private QueueCleanup() {}

  /** Deletes every key of the queue, the original five and the extra ones. */
  static void deleteKeys(SafeRedisQueue queue) {
    SafeRedisQueueKeys keys = queue.keys();
    queue
        .template()
        .delete(
            List.of(
                keys.items(),
                keys.queue(),
                keys.ackbuf(),
                keys.backup(),
                keys.backupLock(),
                keys.deliveries(),
                keys.delayed(),
                keys.dead(),
                keys.deadItems(),
                keys.deadInfo()));
  }
}

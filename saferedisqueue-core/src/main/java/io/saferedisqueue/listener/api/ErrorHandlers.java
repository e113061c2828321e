package io.saferedisqueue.listener.api;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueItem;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** The built-in handlers, with a readable {@code toString}. */
final class ErrorHandlers {
  private static final Log logger = LogFactory.getLog(ErrorHandlers.class);

  static final SafeQueueErrorHandler REQUEUE =
      new SafeQueueErrorHandler() {
        @Override
        public void handleError(SafeRedisQueueItem item, Throwable error, SafeRedisQueue queue) {
          boolean requeued = queue.fail(item.uid());
          if (logger.isWarnEnabled()) {
            logger.warn(
                (requeued ? "Requeued item " : "Could not requeue item (no longer in flight) ")
                    + item.uid()
                    + " of queue '"
                    + queue.name()
                    + "' after a listener failure: "
                    + error.getMessage(),
                error);
          }
        }

        @Override
        public String toString() {
          return "SafeQueueErrorHandler.requeue()";
        }
      };

  static final SafeQueueErrorHandler DISCARD =
      new SafeQueueErrorHandler() {
        @Override
        public void handleError(SafeRedisQueueItem item, Throwable error, SafeRedisQueue queue) {
          queue.ack(item.uid());
          logger.error(
              "Discarded item "
                  + item.uid()
                  + " of queue '"
                  + queue.name()
                  + "' ("
                  + item.payload().length
                  + " bytes) after a listener failure: "
                  + error.getMessage(),
              error);
        }

        @Override
        public String toString() {
          return "SafeQueueErrorHandler.discard()";
        }
      };

  private ErrorHandlers() {}
}

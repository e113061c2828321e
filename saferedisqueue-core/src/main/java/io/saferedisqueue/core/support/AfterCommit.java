package io.saferedisqueue.core.support;

import io.saferedisqueue.core.SafeRedisQueueException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * When a push is sent: at once, or, for a transaction-aware queue while a Spring transaction with
 * synchronization is active on this thread, after that transaction commits (and never when it rolls
 * back). Outside a transaction a transaction-aware queue also sends at once.
 */
class AfterCommit {

  /** Sends at once. */
  static final AfterCommit NOW = new AfterCommit();

  /** Holds pushes until the current transaction, if any, commits. */
  static AfterCommit transactional(String queueName) {
    return new Transactional(queueName);
  }

  void run(Runnable push) {
    push.run();
  }

  <T> CompletableFuture<T> supply(Supplier<CompletableFuture<T>> push) {
    return push.get();
  }

  private static final class Transactional extends AfterCommit {
    private final String queueName;

    Transactional(String queueName) {
      this.queueName = queueName;
    }

    @Override
    void run(Runnable push) {
      if (!TransactionSynchronizationManager.isSynchronizationActive()) {
        push.run();
        return;
      }
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              push.run();
            }
          });
    }

    @Override
    <T> CompletableFuture<T> supply(Supplier<CompletableFuture<T>> push) {
      if (!TransactionSynchronizationManager.isSynchronizationActive()) {
        return push.get();
      }
      CompletableFuture<T> result = new CompletableFuture<>();
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              if (status == STATUS_COMMITTED) {
                push.get()
                    .whenComplete(
                        (value, error) -> {
                          if (error != null) {
                            result.completeExceptionally(error);
                          } else {
                            result.complete(value);
                          }
                        });
              } else {
                result.completeExceptionally(
                    new SafeRedisQueueException(
                        "The transaction of this push to queue '"
                            + queueName
                            + "' did not commit; the item was not pushed"));
              }
            }
          });
      return result;
    }
  }
}

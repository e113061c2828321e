package io.saferedisqueue.core.support;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the producer needs of the queue's observations: it runs each push through it, and the
 * observer decides whether the push is observed and which header lines (trace context, push time)
 * it stores with the items. Kept as an interface so the roles need nothing of Micrometer's
 * observation API or of the queue's observation package.
 */
public interface PushObserver {

  /** Header lines of a push without trace context. */
  byte[] NO_HEADERS = new byte[0];

  /**
   * Runs a push, observed or not.
   *
   * @param count number of items
   * @param send runs the push with these header lines ({@link #NO_HEADERS} when there is no trace
   *     context to store)
   */
  void push(int count, Consumer<byte[]> send);

  /**
   * Runs an asynchronous push of one item; an observation starts in the calling thread and stops
   * when the push completes.
   *
   * @param send starts the push with these header lines
   * @return the push's completion, as {@code send} returned it
   */
  CompletableFuture<Void> pushAsync(Function<byte[], CompletableFuture<Void>> send);

  /**
   * Whether every push stores its time in the headers hash.
   *
   * @return true when pushes record their time
   */
  boolean recordPushTime();
}

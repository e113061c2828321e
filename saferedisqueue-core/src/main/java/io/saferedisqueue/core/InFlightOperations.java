package io.saferedisqueue.core;

import io.saferedisqueue.core.redis.Checks;
import io.saferedisqueue.core.support.InFlightItems;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The settling half of {@link SafeRedisQueue}: ack, fail, dead-letter, renew and release of
 * in-flight items, by uid (the Python library's forms) and by delivered item (the forms of {@link
 * SafeRedisQueueOperations}, which check that this queue delivered the item). Kept apart so that
 * the facade reads as push, pop and views; every method here is one atomic script.
 */
abstract class InFlightOperations {

  private final String name;
  private final InFlightItems inFlight;
  private final int maxDeliveries;

  InFlightOperations(String name, InFlightItems inFlight, int maxDeliveries) {
    this.name = name;
    this.inFlight = inFlight;
    this.maxDeliveries = maxDeliveries;
  }

  /**
   * Marks the item done: removes its uid from the in-flight lists and deletes its payload, in one
   * atomic step. Returns whether the uid was in flight; an unknown uid changes nothing.
   *
   * @throws IllegalArgumentException when the uid is null or blank
   */
  public boolean ack(String uid) {
    return inFlight.ack(List.of(Checks.uid(uid))) == 1;
  }

  /** Acks many uids in one round trip and one atomic step; returns how many were in flight. */
  public int ackAll(Collection<String> uids) {
    return inFlight.ack(uids);
  }

  /**
   * Requeues the item behind what is already waiting, keeping its payload, in one atomic step; with
   * a {@link SafeRedisQueueBuilder#maxDeliveries maximum number of deliveries} reached it becomes a
   * dead letter instead. Returns whether the uid was in flight; one that was not changes nothing.
   *
   * @throws IllegalArgumentException when the uid is null or blank
   */
  public boolean fail(String uid) {
    return fail(uid, Duration.ZERO, "failed") != FailOutcome.NOT_IN_FLIGHT;
  }

  /** Fails many uids in one round trip and one atomic step; returns how many were in flight. */
  public int failAll(Collection<String> uids) {
    return FailOutcome.countInFlight(failAll(uids, Duration.ZERO, "failed"));
  }

  /**
   * Fails the item in one atomic step: when this queue has a maximum number of deliveries and the
   * item has reached it, it becomes a {@link DeadLetter} with this reason; otherwise it waits
   * {@code delay} in the delayed set (zero: requeued at once, behind what is waiting).
   *
   * @throws IllegalArgumentException when the uid is blank or the delay negative
   */
  public FailOutcome fail(String uid, Duration delay, String reason) {
    return failAll(List.of(Checks.uid(uid)), delay, reason).get(0);
  }

  /** {@link #fail(String, Duration, String)} for many uids; the outcome per uid, in order. */
  public List<FailOutcome> failAll(Collection<String> uids, Duration delay, String reason) {
    return inFlight.fail(uids, delay, reason, maxDeliveries);
  }

  /**
   * {@link #failAll(Collection, Duration, String)} with a maximum number of deliveries other than
   * this queue's (a listener's own limit; 0 for unlimited).
   */
  public List<FailOutcome> failAll(
      Collection<String> uids, Duration delay, String reason, int maxDeliveries) {
    return inFlight.fail(uids, delay, reason, maxDeliveries);
  }

  /**
   * Moves an in-flight item to the dead letters now, with payload, delivery count and reason, in
   * one atomic step (for errors retrying cannot fix). Returns whether the uid was in flight.
   */
  public boolean deadLetter(String uid, String reason) {
    return inFlight.deadLetter(uid, reason);
  }

  /**
   * Keeps in-flight items from the next autoclean rotation while their handler runs (call it more
   * often than the interval); returns how many had to be moved. Once renewals stop (the process
   * died), the items are requeued within two intervals.
   */
  public int renew(Collection<String> uids) {
    return inFlight.renew(uids);
  }

  /** Acks the item ({@link SafeRedisQueueOperations#ack(SafeRedisQueueItem)}) by its uid. */
  public boolean ack(SafeRedisQueueItem item) {
    return ack(own(item).uid());
  }

  /** Acks the items by their uids in one atomic step; see {@link #ackAll}. */
  public int ackItems(Collection<SafeRedisQueueItem> items) {
    return ackAll(uidsOf(items));
  }

  /** Fails the item by its uid; see {@link #fail(String)}. */
  public boolean fail(SafeRedisQueueItem item) {
    return fail(own(item).uid());
  }

  /** Fails the item by its uid; see {@link #fail(String, Duration, String)}. */
  public FailOutcome fail(SafeRedisQueueItem item, Duration delay, String reason) {
    return fail(own(item).uid(), delay, reason);
  }

  /** Dead-letters the item by its uid; see {@link #deadLetter(String, String)}. */
  public boolean deadLetter(SafeRedisQueueItem item, String reason) {
    return deadLetter(own(item).uid(), reason);
  }

  /** Renews the items by their uids; see {@link #renew}. */
  public int renewItems(Collection<SafeRedisQueueItem> items) {
    return renew(uidsOf(items));
  }

  /** Releases the items by their uids; see {@link #release}. */
  public int releaseItems(Collection<SafeRedisQueueItem> items) {
    return release(uidsOf(items));
  }

  private List<String> uidsOf(Collection<SafeRedisQueueItem> items) {
    Objects.requireNonNull(items, "items");
    return items.stream().map(item -> own(item).uid()).toList();
  }

  /** The item, when this queue delivered it (or it does not say which queue did). */
  private SafeRedisQueueItem own(SafeRedisQueueItem item) {
    Objects.requireNonNull(item, "item");
    if (item.queue() != null && !item.queue().equals(name)) {
      throw new IllegalArgumentException(
          "item "
              + item.uid()
              + " was delivered by queue '"
              + item.queue()
              + "', not '"
              + name
              + "'");
    }
    return item;
  }

  /**
   * Puts in-flight items back unstarted, atomically, at the head of the line (first uid first),
   * without counting the delivery and, unlike {@link #fail}, never dead-lettering: for items a
   * stopping or pausing consumer will not process. Returns how many were in flight.
   */
  public int release(Collection<String> uids) {
    return inFlight.release(uids);
  }
}

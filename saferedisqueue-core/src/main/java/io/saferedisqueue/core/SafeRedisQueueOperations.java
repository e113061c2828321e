package io.saferedisqueue.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What callers do with a queue, whatever it is made of: push, pop, ack or fail the delivered items,
 * look at the dead letters and the stats. Implemented by {@link SafeRedisQueue} (one queue on one
 * set of keys) and by a queue spread over several such queues, its {@link #parts() parts}; code
 * that holds this interface (listener containers, the endpoint, health, metrics) need not know
 * which one it has, as Spring AMQP's containers hold {@code RabbitOperations}.
 *
 * <p><b>Items.</b> Every pop fills {@link SafeRedisQueueItem#queue()} with the part that delivered
 * the item, and the item-taking forms ({@link #ack(SafeRedisQueueItem)}, {@link
 * #fail(SafeRedisQueueItem)}, ...) go to that part. An item whose queue is not one of this queue's
 * parts is refused with {@link IllegalArgumentException}, changing nothing; an item built without a
 * queue is accepted only by a queue of one part (a plain queue). The uid-only forms of the Python
 * library stay on {@link SafeRedisQueue}.
 *
 * <p><b>Guarantees</b> are those of {@link SafeRedisQueue} for each part: each call on one part is
 * one atomic step; a call over several items of several parts is one atomic step per part.
 */
public interface SafeRedisQueueOperations {

  // ---------------------------------------------------------------- push

  /**
   * Stores the payload and queues it; returns its new uid. See {@link SafeRedisQueue#push(byte[])}.
   */
  String push(byte[] payload);

  /** Pushes text as UTF-8, byte for byte as the Python library stores a {@code str}. */
  String push(String payload);

  /** Stores the payload now and queues it once {@code delay} has passed (Redis's clock). */
  String push(byte[] payload, Duration delay);

  /** Pushes text as UTF-8 once {@code delay} has passed. */
  String push(String payload, Duration delay);

  /** Pushes the payload so that it is queued at {@code at} (now, if that has passed). */
  String pushAt(byte[] payload, Instant at);

  /** Pushes a value written by the queue's {@link PayloadSerializer} (JSON by default). */
  String pushValue(Object value);

  /**
   * Pushes many payloads in one round trip and one atomic step, into one part, in list order;
   * returns their uids in the same order.
   */
  List<String> pushAll(List<byte[]> payloads);

  /** Pushes without waiting; the future completes with the new uid once the item is stored. */
  CompletableFuture<String> pushAsync(byte[] payload);

  /** Pushes text as UTF-8 without waiting. */
  CompletableFuture<String> pushAsync(String payload);

  // ---------------------------------------------------------------- pop

  /**
   * Waits for an item as long as it takes; empty only when the calling thread is interrupted (its
   * flag stays set) or the queue is closed.
   */
  Optional<SafeRedisQueueItem> pop();

  /**
   * {@link Duration#ZERO} blocks until an item comes, a positive duration at most that long, a
   * negative one not at all.
   *
   * @throws IllegalArgumentException when the timeout is null
   */
  Optional<SafeRedisQueueItem> pop(Duration timeout);

  /** Takes an item if one is waiting, without blocking. */
  Optional<SafeRedisQueueItem> tryPop();

  /**
   * Takes up to {@code max} waiting items without blocking; they are in flight until acked or
   * failed.
   *
   * @throws IllegalArgumentException when max is not positive
   */
  List<SafeRedisQueueItem> popAvailable(int max);

  /**
   * Takes up to {@code max} items: those waiting now, or, when none is waiting, blocks up to {@code
   * timeout} for the next one. Returns an empty list when nothing came.
   *
   * @throws IllegalArgumentException when max is not positive or the timeout null
   */
  List<SafeRedisQueueItem> popBatch(int max, Duration timeout);

  // ---------------------------------------------------------------- delivered items

  /**
   * Marks the item done in the queue that delivered it, in one atomic step. Returns whether it was
   * in flight; one that was not changes nothing.
   *
   * @throws IllegalArgumentException when the item was delivered by another queue
   */
  boolean ack(SafeRedisQueueItem item);

  /**
   * Acks many items, one atomic step per part among them; returns how many were in flight. (Named
   * apart from {@link SafeRedisQueue#ackAll(Collection)}, which takes uids: both take a
   * collection.)
   *
   * @throws IllegalArgumentException when an item was delivered by another queue (nothing is acked)
   */
  int ackItems(Collection<SafeRedisQueueItem> items);

  /**
   * Requeues the item in the queue that delivered it, or dead-letters it once it reached the
   * maximum number of deliveries. Returns whether it was in flight.
   *
   * @throws IllegalArgumentException when the item was delivered by another queue
   */
  boolean fail(SafeRedisQueueItem item);

  /**
   * Fails the item with a delay and a reason; see {@link SafeRedisQueue#fail(String, Duration,
   * String)}.
   *
   * @throws IllegalArgumentException when the item was delivered by another queue or the delay is
   *     negative
   */
  FailOutcome fail(SafeRedisQueueItem item, Duration delay, String reason);

  /**
   * Moves the item to the dead letters of the queue that delivered it, with this reason. Returns
   * whether it was in flight.
   *
   * @throws IllegalArgumentException when the item was delivered by another queue
   */
  boolean deadLetter(SafeRedisQueueItem item, String reason);

  /**
   * Keeps in-flight items from the next autoclean rotation while their handler runs; returns how
   * many had to be moved. See {@link SafeRedisQueue#renew(Collection)}.
   *
   * @throws IllegalArgumentException when an item was delivered by another queue
   */
  int renewItems(Collection<SafeRedisQueueItem> items);

  /**
   * Puts in-flight items back unstarted at the head of their queue, without counting the delivery;
   * returns how many were in flight. See {@link SafeRedisQueue#release(Collection)}.
   *
   * @throws IllegalArgumentException when an item was delivered by another queue
   */
  int releaseItems(Collection<SafeRedisQueueItem> items);

  // ---------------------------------------------------------------- views

  /** The dead letters: of this queue, or of all its parts together. */
  SafeRedisQueueDeadLetters deadLetters();

  /** The stats of the logical queue (one script per part): for several parts, their sum. */
  SafeRedisQueueStats stats();

  /** Runs one autoclean attempt in every part; returns how many uids the rotations requeued. */
  long autoclean();

  /** Reads an item's payload with the queue's serializer. */
  <T> T read(SafeRedisQueueItem item, Class<T> type);

  /** The logical queue's name. */
  String name();

  /** The settings the queue (each of its parts) was built with. */
  SafeRedisQueueSettings settings();

  /**
   * The physical queues this one is made of, in order: a plain queue is its own only part. Listener
   * containers, autoclean and per-part stats run on each of them.
   */
  List<SafeRedisQueue> parts();
}

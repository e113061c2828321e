package io.saferedisqueue.core.support;

import io.saferedisqueue.core.SafeRedisQueueException;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueMetrics;
import io.saferedisqueue.core.redis.Checks;
import io.saferedisqueue.core.redis.Codec;
import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.script.PushScript;
import io.saferedisqueue.core.script.PushWithHeadersScript;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The producing side of a queue: new uids, the push scripts, concurrent pushes sharing round trips
 * ({@link PushCombiner}), asynchronous pushes, their observation and counting, and (when the queue
 * is transaction-aware) holding pushes back until the surrounding transaction commits.
 */
public final class QueueProducer {

  private final String queueName;
  private final PushScript push;
  private final PushWithHeadersScript pushWithHeaders;
  private final PushObserver observability;
  private final SafeRedisQueueMetrics.Recorder recorder;
  private final PushCombiner combiner;
  private final int maxPendingPushes;
  private final AfterCommit afterCommit;
  private final long maxPayloadBytes;
  private volatile boolean closed;

  /** The producer of one queue. */
  public QueueProducer(
      String queueName,
      QueueRedis redis,
      SafeRedisQueueKeys keys,
      PushObserver observability,
      SafeRedisQueueMetrics.Recorder recorder,
      int maxPendingPushes,
      boolean transactionAware,
      long maxPayloadBytes) {
    this.queueName = queueName;
    this.maxPayloadBytes = maxPayloadBytes;
    this.push = new PushScript(redis, keys);
    this.pushWithHeaders = new PushWithHeadersScript(redis, keys);
    this.observability = observability;
    this.recorder = recorder;
    this.maxPendingPushes = maxPendingPushes;
    this.afterCommit = transactionAware ? AfterCommit.transactional(queueName) : AfterCommit.NOW;
    this.combiner =
        new PushCombiner(
            (headers, uidsAndPayloads) -> send(0, headers, uidsAndPayloads),
            "saferedisqueue-push-" + queueName,
            maxPendingPushes);
  }

  /**
   * Text as UTF-8, refused before it is encoded when its length alone exceeds the maximum payload
   * size (no character takes less than a byte).
   */
  public byte[] encode(String payload) {
    if (payload != null) {
      Checks.payloadSize(payload.length(), maxPayloadBytes, queueName);
    }
    return Checks.payload(payload);
  }

  private byte[] checked(byte[] payload) {
    Checks.payloadSize(Checks.payload(payload).length, maxPayloadBytes, queueName);
    return payload;
  }

  /** Pushes one item, queued after {@code delay}; returns its uid once Redis stored it. */
  public String push(byte[] payload, Duration delay) {
    checked(payload);
    long delayMillis = Checks.delay(delay).toMillis();
    String uid = newUid();
    afterCommit.run(() -> send(uid, payload, delayMillis));
    return uid;
  }

  /** A push queued at {@code at} by this machine's clock (at once when that has passed). */
  public String pushAt(byte[] payload, Instant at) {
    Duration delay = Duration.between(Instant.now(), Objects.requireNonNull(at, "at"));
    return push(payload, delay.isNegative() ? Duration.ZERO : delay);
  }

  private void send(String uid, byte[] payload, long delayMillis) {
    observability.push(
        1,
        headers -> {
          if (headers.length == 0 && delayMillis == 0) {
            combiner.push(Codec.bytes(uid), payload);
          } else {
            send(delayMillis, headers, new Object[] {Codec.bytes(uid), payload});
          }
        });
    recorder.pushed(1);
  }

  /** Pushes these items in one atomic script; returns their uids in order. */
  public List<String> pushAll(List<byte[]> payloads) {
    if (payloads == null) {
      throw new IllegalArgumentException("payloads must not be null (pass a list, maybe empty)");
    }
    if (payloads.isEmpty()) {
      return List.of();
    }
    List<String> uids = new ArrayList<>(payloads.size());
    Object[] uidsAndPayloads = new Object[payloads.size() * 2];
    for (int i = 0; i < payloads.size(); i++) {
      byte[] payload = payloads.get(i);
      if (payload == null) {
        throw new IllegalArgumentException("payloads[" + i + "] must not be null");
      }
      try {
        checked(payload);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("payloads[" + i + "]: " + ex.getMessage());
      }
      String uid = newUid();
      uids.add(uid);
      uidsAndPayloads[2 * i] = Codec.bytes(uid);
      uidsAndPayloads[2 * i + 1] = payload;
    }
    afterCommit.run(
        () -> {
          observability.push(payloads.size(), headers -> send(0, headers, uidsAndPayloads));
          recorder.pushed(payloads.size());
        });
    return uids;
  }

  /** Pushes one item without waiting; the future completes with its uid once Redis stored it. */
  public CompletableFuture<String> pushAsync(byte[] payload) {
    checked(payload);
    if (closed) {
      throw new IllegalStateException(
          "queue '" + queueName + "' is closed; pushAsync needs an open queue");
    }
    String uid = newUid();
    return afterCommit.supply(() -> sendAsync(uid, payload));
  }

  private CompletableFuture<String> sendAsync(String uid, byte[] payload) {
    byte[] uidBytes = Codec.bytes(uid);
    return observability
        .pushAsync(
            headers -> {
              try {
                return combiner.pushAsync(headers, uidBytes, payload);
              } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(
                    new SafeRedisQueueException(
                        "Interrupted while waiting for room among the "
                            + maxPendingPushes
                            + " unfinished async pushes of queue '"
                            + queueName
                            + "'; the item was not pushed",
                        ex));
              }
            })
        .thenApply(
            stored -> {
              recorder.pushed(1);
              return uid;
            });
  }

  /**
   * Runs the plain push script when there is nothing to store in the headers hash, so an unobserved
   * push costs exactly what it did; else the one that also stores the push time and these header
   * lines (possibly none) with each item.
   */
  private void send(long delayMillis, byte[] headers, Object[] uidsAndPayloads) {
    if (headers.length == 0 && !observability.recordPushTime()) {
      push.push(delayMillis, uidsAndPayloads);
    } else {
      pushWithHeaders.push(delayMillis, headers, uidsAndPayloads);
    }
  }

  /**
   * Sends what is still queued for at most 5 s; pushes left after that fail (not stored), and so do
   * the pushes of a script still under way (stored or not).
   */
  public void close() {
    closed = true;
    combiner.close(
        5,
        TimeUnit.SECONDS,
        new SafeRedisQueueException(
            "Queue '"
                + queueName
                + "' was closed before this push could be sent; it was not stored"),
        new SafeRedisQueueException(
            "Queue '"
                + queueName
                + "' was closed while this push was being sent; it may or may not be stored"));
  }

  private static String newUid() {
    return UUID.randomUUID().toString();
  }
}

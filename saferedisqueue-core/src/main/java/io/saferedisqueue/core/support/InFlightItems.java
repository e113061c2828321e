package io.saferedisqueue.core.support;

import io.saferedisqueue.core.FailOutcome;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.core.SafeRedisQueueMetrics;
import io.saferedisqueue.core.redis.Checks;
import io.saferedisqueue.core.redis.QueueRedis;
import io.saferedisqueue.core.script.AckScript;
import io.saferedisqueue.core.script.DeadLetterScript;
import io.saferedisqueue.core.script.FailScript;
import io.saferedisqueue.core.script.ReleaseScript;
import io.saferedisqueue.core.script.RenewScript;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * What happens to items in flight (popped, not yet acked or failed): ack, fail (requeue, delay or
 * dead-letter), dead-letter at once, renew the lease, release unstarted; each one script, counted
 * in the queue's metrics.
 */
public final class InFlightItems {

  private final AckScript ack;
  private final FailScript fail;
  private final DeadLetterScript deadLetter;
  private final RenewScript renew;
  private final ReleaseScript release;
  private final SafeRedisQueueMetrics.Recorder recorder;

  /** The items in flight of one queue, counted in its metrics. */
  public InFlightItems(
      QueueRedis redis, SafeRedisQueueKeys keys, SafeRedisQueueMetrics.Recorder recorder) {
    this.ack = new AckScript(redis, keys);
    this.fail = new FailScript(redis, keys);
    this.deadLetter = new DeadLetterScript(redis, keys);
    this.renew = new RenewScript(redis, keys);
    this.release = new ReleaseScript(redis, keys);
    this.recorder = recorder;
  }

  /** Acks these uids (atomic per call); returns how many were in flight. */
  public int ack(Collection<String> uids) {
    int acked = ack.ack(Checks.uids(uids));
    recorder.acked(acked);
    return acked;
  }

  /**
   * Fails these uids: each is queued again after {@code delay}, or dead-lettered once it had {@code
   * maxDeliveries} deliveries (0: never); returns what happened to each.
   */
  public List<FailOutcome> fail(
      Collection<String> uids, Duration delay, String reason, int maxDeliveries) {
    Object[] args = Checks.uids(uids);
    long delayMillis = Checks.delay(delay).toMillis();
    Checks.maxDeliveries(maxDeliveries);
    List<FailOutcome> outcomes =
        fail.fail(args, delayMillis, maxDeliveries, reason == null ? "failed" : reason);
    int failed = 0;
    int dead = 0;
    for (FailOutcome outcome : outcomes) {
      if (outcome == FailOutcome.REQUEUED || outcome == FailOutcome.DELAYED) {
        failed++;
      } else if (outcome == FailOutcome.DEAD_LETTERED) {
        dead++;
      }
    }
    if (failed > 0) {
      recorder.failed(failed);
    }
    if (dead > 0) {
      recorder.deadLettered(dead);
    }
    return outcomes;
  }

  /** Moves {@code uid} to the dead letters with {@code reason}; false when it was not in flight. */
  public boolean deadLetter(String uid, String reason) {
    boolean dead =
        deadLetter.deadLetter(Checks.uid(uid), reason == null ? "dead-lettered" : reason);
    if (dead) {
      recorder.deadLettered(1);
    }
    return dead;
  }

  /**
   * Keeps these uids from the next autoclean rotation; returns how many had to be moved ({@link
   * io.saferedisqueue.core.SafeRedisQueue#renew}).
   */
  public int renew(Collection<String> uids) {
    return renew.renew(Checks.uids(uids));
  }

  /**
   * Puts these uids back at the head of the line without counting the delivery; returns how many
   * were in flight ({@link io.saferedisqueue.core.SafeRedisQueue#release}).
   */
  public int release(Collection<String> uids) {
    return release.release(Checks.uids(uids));
  }
}

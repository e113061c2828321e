package io.saferedisqueue.core;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * What happens to items in flight (popped, not yet acked or failed): ack, fail (requeue, delay or
 * dead-letter), dead-letter at once, renew the lease, release unstarted; each one script, counted
 * in the queue's metrics.
 */
final class InFlightItems {

  private final AckScript ack;
  private final FailScript fail;
  private final DeadLetterScript deadLetter;
  private final RenewScript renew;
  private final ReleaseScript release;
  private final SafeRedisQueueMetrics.Recorder recorder;

  InFlightItems(
      QueueRedis redis, SafeRedisQueueKeys keys, SafeRedisQueueMetrics.Recorder recorder) {
    this.ack = new AckScript(redis, keys);
    this.fail = new FailScript(redis, keys);
    this.deadLetter = new DeadLetterScript(redis, keys);
    this.renew = new RenewScript(redis, keys);
    this.release = new ReleaseScript(redis, keys);
    this.recorder = recorder;
  }

  int ack(Collection<String> uids) {
    int acked = ack.ack(Checks.uids(uids));
    recorder.acked(acked);
    return acked;
  }

  List<FailOutcome> fail(
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

  boolean deadLetter(String uid, String reason) {
    boolean dead =
        deadLetter.deadLetter(Checks.uid(uid), reason == null ? "dead-lettered" : reason);
    if (dead) {
      recorder.deadLettered(1);
    }
    return dead;
  }

  int renew(Collection<String> uids) {
    return renew.renew(Checks.uids(uids));
  }

  int release(Collection<String> uids) {
    return release.release(Checks.uids(uids));
  }
}

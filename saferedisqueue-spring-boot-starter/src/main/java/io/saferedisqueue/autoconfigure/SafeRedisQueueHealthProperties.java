package io.saferedisqueue.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Thresholds of the saferedisqueue health contributor (switched off with
 * management.health.saferedisqueue.enabled=false). Unset thresholds do not apply; a queue over any
 * of them turns the status to threshold-status.
 */
public class SafeRedisQueueHealthProperties {

  /** Most items that may wait in a queue. */
  private @Nullable Long maxWaiting;

  /** Most items that may be in flight (delivered, neither acked nor failed) in a queue. */
  private @Nullable Long maxInFlight;

  /** Most dead letters a queue may hold. */
  private @Nullable Long maxDead;

  /** Longest time the oldest waiting item of a queue may have waited. */
  private @Nullable Duration maxOldestAge;

  /**
   * Status reported while a queue is over a threshold: OUT_OF_SERVICE, which Spring Boot orders and
   * maps to HTTP 503 by default, or a custom code such as WARNING, which the overall status takes
   * into account only once it is listed in management.endpoint.health.status.order.
   */
  private String thresholdStatus = "OUT_OF_SERVICE";

  public @Nullable Long getMaxWaiting() {
    return maxWaiting;
  }

  public void setMaxWaiting(@Nullable Long maxWaiting) {
    this.maxWaiting = maxWaiting;
  }

  public @Nullable Long getMaxInFlight() {
    return maxInFlight;
  }

  public void setMaxInFlight(@Nullable Long maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  public @Nullable Long getMaxDead() {
    return maxDead;
  }

  public void setMaxDead(@Nullable Long maxDead) {
    this.maxDead = maxDead;
  }

  public @Nullable Duration getMaxOldestAge() {
    return maxOldestAge;
  }

  public void setMaxOldestAge(@Nullable Duration maxOldestAge) {
    this.maxOldestAge = maxOldestAge;
  }

  public String getThresholdStatus() {
    return thresholdStatus;
  }

  public void setThresholdStatus(String thresholdStatus) {
    this.thresholdStatus = thresholdStatus;
  }
}

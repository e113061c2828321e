package io.saferedisqueue.dashboard;

import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the dashboard, under {@code saferedisqueue.dashboard.*}. They live
 * apart from {@code SafeRedisQueueProperties} so the dashboard is one self-contained package; they
 * validate themselves while bound, with messages that name the property and the offending value.
 */
@ConfigurationProperties("saferedisqueue.dashboard")
public class SafeRedisQueueDashboardProperties implements Validator {

  /** Most samples kept per queue, whatever interval and history say. */
  static final int MAX_SAMPLES = 10_000;

  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._-]+");

  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  /**
   * Whether the dashboard is served (in a servlet web application with Spring MVC). Off unless the
   * application turns it on, as Actuator exposes nothing but health until told to. Its page and its
   * JSON endpoints live under the path; secure them as any other path of the application.
   */
  private boolean enabled = false;

  /**
   * Path of the dashboard's page, below the servlet context path; its JSON endpoints are under
   * path/api. Starts with '/', no trailing '/'.
   */
  private String path = "/saferedisqueue";

  /**
   * Whether the dashboard only shows: without the buttons that requeue or delete dead letters and
   * pause or resume listeners, and with those requests refused (403). Set to false to allow them;
   * with Spring Security on the class path they also need a user with the write role.
   */
  private boolean readOnly = true;

  /**
   * Role that a user needs for the dashboard's writes when Spring Security is on the class path
   * (without the ROLE_ prefix, as in hasRole). Anonymous requests and users without it get 403.
   */
  private String writeRole = "SAFEREDISQUEUE_ADMIN";

  /**
   * How often the sizes of every queue and the counters of this process are sampled for the charts
   * (one stats script per queue per sample, shared with the gauges' cache when there is one).
   */
  private Duration sampleInterval = Duration.ofSeconds(5);

  /** How far back the charts go; older samples are dropped. */
  private Duration history = Duration.ofMinutes(10);

  /**
   * Whether the dashboard also shows queues that this application never used but finds in Redis
   * (keys srq:NAME:items, such as queues only Python clients use), by a SCAN of at most a few
   * thousand keys per sample.
   */
  private boolean discoverQueues = true;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  public void setReadOnly(boolean readOnly) {
    this.readOnly = readOnly;
  }

  public String getWriteRole() {
    return writeRole;
  }

  public void setWriteRole(String writeRole) {
    this.writeRole = writeRole;
  }

  public Duration getSampleInterval() {
    return sampleInterval;
  }

  public void setSampleInterval(Duration sampleInterval) {
    this.sampleInterval = sampleInterval;
  }

  public Duration getHistory() {
    return history;
  }

  public void setHistory(Duration history) {
    this.history = history;
  }

  public boolean isDiscoverQueues() {
    return discoverQueues;
  }

  public void setDiscoverQueues(boolean discoverQueues) {
    this.discoverQueues = discoverQueues;
  }

  /** Samples kept per queue: the history divided by the interval, at least 2. */
  int samplesKept() {
    long samples = history.toMillis() / Math.max(1, sampleInterval.toMillis());
    return (int) Math.max(2, Math.min(MAX_SAMPLES, samples + 1));
  }

  @Override
  public boolean supports(Class<?> type) {
    return SafeRedisQueueDashboardProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    SafeRedisQueueDashboardProperties properties = (SafeRedisQueueDashboardProperties) target;
    if (properties.path == null || !PATH.matcher(properties.path).matches()) {
      reject(
          errors,
          "path",
          "path",
          "'" + properties.path + "'",
          "must be a path such as /saferedisqueue or /admin/queues: starting with '/', without a"
              + " trailing '/', of letters, digits and . _ ~ -");
    }
    String role = properties.writeRole;
    if (role == null || !ROLE.matcher(role).matches() || role.startsWith("ROLE_")) {
      reject(
          errors,
          "writeRole",
          "write-role",
          "'" + role + "'",
          "must be a role name without the ROLE_ prefix, such as SAFEREDISQUEUE_ADMIN: letters,"
              + " digits and . _ -");
    }
    Duration interval = properties.sampleInterval;
    if (interval == null || interval.toMillis() < 100) {
      reject(
          errors,
          "sampleInterval",
          "sample-interval",
          format(interval),
          "must be a duration of at least 100ms, such as 5s");
    }
    Duration history = properties.history;
    if (history == null || interval != null && history.compareTo(interval) < 0) {
      reject(
          errors,
          "history",
          "history",
          format(history),
          "must be at least the sample interval (" + format(interval) + "), such as 10m");
    } else if (interval != null
        && interval.toMillis() >= 100
        && history.toMillis() / interval.toMillis() > MAX_SAMPLES) {
      reject(
          errors,
          "history",
          "history",
          format(history),
          "must hold at most "
              + MAX_SAMPLES
              + " samples of the sample interval ("
              + format(interval)
              + ")");
    }
  }

  private static void reject(
      Errors errors, String field, String key, String value, String requirement) {
    errors.rejectValue(
        field, "invalid", "saferedisqueue.dashboard." + key + " " + requirement + ", was " + value);
  }

  private static String format(@Nullable Duration value) {
    if (value == null) {
      return "empty";
    }
    long millis = value.toMillis();
    return millis % 1000 != 0 || millis == 0 ? millis + "ms" : (millis / 1000) + "s";
  }
}

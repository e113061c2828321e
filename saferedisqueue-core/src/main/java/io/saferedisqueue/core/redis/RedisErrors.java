package io.saferedisqueue.core.redis;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.ClusterRedirectException;
import org.springframework.data.redis.ClusterStateFailureException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.TooManyClusterRedirectionsException;

/**
 * Which Redis errors pass by themselves and which need a person: the one place that decides, for
 * {@link RedisEndpoint#translate}.
 *
 * <p>Outages pass: the server cannot be reached or the connection broke (refused, reset, closed,
 * timed out), or the server is in a state of a failover or restart that ends by itself ({@code
 * CLUSTERDOWN} while a primary is replaced, {@code TRYAGAIN} and {@code MOVED}/{@code ASK} while a
 * slot moves, {@code LOADING} after a restart, {@code READONLY} from a primary that became a
 * replica, {@code MASTERDOWN} and {@code NOREPLICAS} while a replica's primary is gone, {@code
 * UNBLOCKED} when a blocked pop's node changed role). Retrying after a back-off, in the same
 * process, is right for them.
 *
 * <p>Configuration errors do not pass: wrong or missing credentials ({@code NOAUTH}, {@code
 * WRONGPASS}), an ACL user without a permission the queue needs ({@code NOPERM}), keys of one
 * operation in different cluster slots ({@code CROSSSLOT}). Retrying quickly cannot help; the
 * caller should report them once, loudly. {@code WRONGTYPE} is one too; {@link RedisEndpoint} words
 * its message itself, naming the key.
 */
final class RedisErrors {

  /** Error codes of states that end by themselves, as the first word of Redis's reply. */
  private static final Pattern PASSING_STATE =
      Pattern.compile(
          "(?<![A-Za-z])(?:CLUSTERDOWN|TRYAGAIN|LOADING|READONLY|MASTERDOWN|NOREPLICAS|UNBLOCKED)"
              + "(?![A-Za-z])"
              + "|(?<![A-Za-z])(?:MOVED|ASK) \\d+ ");

  /** What Lettuce and the JDK say when a connection broke or a node left the topology. */
  private static final List<String> BROKEN_CONNECTION =
      List.of(
          "Connection reset",
          "Connection closed",
          "Connection refused",
          "Broken pipe",
          "Unable to connect",
          "Command timed out",
          "Cannot determine a partition",
          "partition is not known in the cluster view");

  private RedisErrors() {}

  /** Whether the error is an outage that a later attempt may not meet. */
  static boolean isOutage(Throwable ex, String reason) {
    for (Throwable current = ex; current != null; current = next(current)) {
      if (current instanceof RedisConnectionFailureException
          || current instanceof QueryTimeoutException
          || current instanceof ClusterRedirectException
          || current instanceof TooManyClusterRedirectionsException
          || current instanceof ClusterStateFailureException
          || current instanceof IOException
          || current instanceof io.lettuce.core.RedisConnectionException
          || current instanceof io.lettuce.core.RedisCommandTimeoutException) {
        return true;
      }
    }
    if (PASSING_STATE.matcher(reason).find()) {
      return true;
    }
    return BROKEN_CONNECTION.stream().anyMatch(reason::contains);
  }

  /**
   * What to change when the error is a configuration error (other than {@code WRONGTYPE}), or null
   * when it is none.
   */
  static @Nullable String configurationProblem(String reason) {
    if (reason.contains("WRONGPASS") || reason.contains("NOAUTH")) {
      return "Redis refused the credentials (none given, or a wrong user name or password):"
          + " give the connection the user and password that Redis expects.";
    }
    if (reason.contains("NOPERM")) {
      return "The Redis user lacks a permission the queue needs: allow it the queue's commands"
          + " (scripts with EVALSHA and EVAL, list, hash and key commands) on the keys srq:*.";
    }
    if (reason.contains("CROSSSLOT")) {
      return "The keys of one operation are in different cluster slots: name the queue with a hash"
          + " tag, such as {orders}, and hand off only between queues of one hash tag.";
    }
    return null;
  }

  private static @Nullable Throwable next(Throwable current) {
    Throwable cause = current.getCause();
    return cause == current ? null : cause;
  }
}

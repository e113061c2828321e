package io.saferedisqueue.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import io.saferedisqueue.core.SafeRedisQueueException;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.TooManyClusterRedirectionsException;

/**
 * The classification of Redis errors, on the exceptions Spring Data Redis makes of Lettuce's: the
 * passing states of a failover are outages, credentials, permissions and slots are configuration.
 */
class RedisErrorsTests {

  private final RedisEndpoint endpoint = new RedisEndpoint("cluster [127.0.0.1:7000]");

  private SafeRedisQueueException translate(DataAccessException ex) {
    return endpoint.translate(ex, "{fo-a}", "push", null);
  }

  /** How Spring Data Redis wraps an error reply of Redis. */
  private static DataAccessException reply(String error) {
    return new InvalidDataAccessApiUsageException(error, new RedisCommandExecutionException(error));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CLUSTERDOWN The cluster is down",
        "CLUSTERDOWN Hash slot not served",
        "TRYAGAIN Multiple keys request during rehashing of slot",
        "MOVED 3999 127.0.0.1:6381",
        "ASK 3999 127.0.0.1:6381",
        "LOADING Redis is loading the dataset in memory",
        "READONLY You can't write against a read only replica.",
        "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
        "NOREPLICAS Not enough good replicas to write.",
        "UNBLOCKED force unblock from blocking operation, instance state changed (master ->"
            + " replica?)"
      })
  void passingStatesOfAFailoverAreOutages(String error) {
    SafeRedisQueueException translated = translate(reply(error));
    assertThat(translated)
        .isExactlyInstanceOf(SafeRedisQueueConnectionException.class)
        .hasMessageContaining("cluster [127.0.0.1:7000]")
        .hasMessageContaining("queue '{fo-a}'")
        .hasMessageContaining(error);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "WRONGPASS invalid username-password pair or user is disabled.",
        "NOAUTH Authentication required.",
        "NOPERM User reader has no permissions to run the 'evalsha' command",
        "CROSSSLOT Keys in request don't hash to the same slot"
      })
  void credentialsPermissionsAndSlotsAreConfigurationErrors(String error) {
    assertThat(translate(reply(error)))
        .isExactlyInstanceOf(SafeRedisQueueConfigurationException.class)
        .hasMessageContaining("cluster [127.0.0.1:7000]")
        .hasMessageContaining(error);
  }

  @org.junit.jupiter.api.Test
  void refusedCredentialsAtConnectTimeAreConfigurationErrorsNotOutages() {
    DataAccessException ex =
        new RedisConnectionFailureException(
            "Unable to connect to Redis",
            new RedisConnectionException(
                "Unable to connect to 127.0.0.1:7000",
                new RedisCommandExecutionException(
                    "WRONGPASS invalid username-password pair or user is disabled.")));
    assertThat(translate(ex))
        .isExactlyInstanceOf(SafeRedisQueueConfigurationException.class)
        .hasMessageContaining("refused the credentials");
  }

  @org.junit.jupiter.api.Test
  void wrongTypeKeepsItsOwnMessageNamingTheKeys() {
    assertThat(
            translate(reply("WRONGTYPE Operation against a key holding the wrong kind of value")))
        .isExactlyInstanceOf(SafeRedisQueueConfigurationException.class)
        .hasMessageContaining("srq:{fo-a}:*");
  }

  @org.junit.jupiter.api.Test
  void brokenConnectionsAndTimeoutsAreOutages() {
    assertThat(
            translate(
                new RedisSystemException(
                    "Unknown redis exception",
                    new RedisException(new IOException("Connection reset by peer")))))
        .isExactlyInstanceOf(SafeRedisQueueConnectionException.class);
    assertThat(
            translate(
                new RedisSystemException(
                    "Redis exception", new RedisException("Connection closed"))))
        .isExactlyInstanceOf(SafeRedisQueueConnectionException.class);
    assertThat(
            translate(
                new QueryTimeoutException(
                    "Redis command timed out",
                    new RedisCommandTimeoutException("Command timed out after 1 minute(s)"))))
        .isExactlyInstanceOf(SafeRedisQueueConnectionException.class);
    assertThat(translate(new TooManyClusterRedirectionsException("Too many redirections")))
        .isExactlyInstanceOf(SafeRedisQueueConnectionException.class);
    assertThat(
            translate(
                new RedisSystemException(
                    "Redis exception",
                    new RedisException(
                        "Connection to 127.0.0.1:7003 not allowed. This partition is not known in"
                            + " the cluster view."))))
        .isExactlyInstanceOf(SafeRedisQueueConnectionException.class);
  }

  @org.junit.jupiter.api.Test
  void otherErrorsStayPlainQueueErrors() {
    assertThat(translate(reply("ERR Error running script (call to f_abc): something else")))
        .isExactlyInstanceOf(SafeRedisQueueException.class);
    // A word that merely contains a code is not that code.
    assertThat(translate(reply("ERR unknown command 'XREADONLYX'")))
        .isExactlyInstanceOf(SafeRedisQueueException.class);
  }
}

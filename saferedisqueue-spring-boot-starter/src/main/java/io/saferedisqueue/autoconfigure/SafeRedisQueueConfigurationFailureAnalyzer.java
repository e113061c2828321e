package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because a queue's Redis is set up in a way the queue cannot work
 * with: an evicting {@code maxmemory-policy} under {@code
 * saferedisqueue.eviction-policy-check=fail}, a key of the queue holding another program's data,
 * refused credentials or an ACL user without the permissions the queue needs.
 */
final class SafeRedisQueueConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<SafeRedisQueueConfigurationException> {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, SafeRedisQueueConfigurationException cause) {
    return new FailureAnalysis(
        "saferedisqueue cannot work with its Redis. " + cause.getMessage(),
        "For an evicting Redis: set maxmemory-policy noeviction on the server (CONFIG SET"
            + " maxmemory-policy noeviction, and in redis.conf or your provider's parameter"
            + " group), or accept the risk with saferedisqueue.eviction-policy-check=warn or off."
            + " For a key of another type: move that data away, or give the queue another name"
            + " (saferedisqueue.name, saferedisqueue.queues.<name>). For refused credentials or a"
            + " missing permission: give the connection the user and password Redis expects"
            + " (spring.data.redis.username and password, or the url's), with ACL permissions"
            + " for the queue's commands on the keys srq:*.",
        cause);
  }
}

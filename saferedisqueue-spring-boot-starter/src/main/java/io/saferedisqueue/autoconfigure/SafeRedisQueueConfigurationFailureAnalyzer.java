package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because a queue's Redis is set up in a way the queue cannot work
 * with: an evicting {@code maxmemory-policy} under {@code
 * saferedisqueue.eviction-policy-check=fail}, a key of the queue holding another program's data,
 * refused credentials or an ACL user without the permissions the queue needs, a queue name without
 * a hash tag on Redis Cluster, or durable writes the connection cannot make.
 */
final class SafeRedisQueueConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<SafeRedisQueueConfigurationException> {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, SafeRedisQueueConfigurationException cause) {
    String message = String.valueOf(cause.getMessage());
    if (message.contains("has no hash tag")) {
      return new FailureAnalysis(
          "saferedisqueue cannot use a queue on this Redis Cluster. " + message,
          "Give every queue a hash tag where its name is set: saferedisqueue.name for the default"
              + " queue bean (saferedisqueue.name=[{orders}] or \"{orders}\" in YAML),"
              + " saferedisqueue.queues.[{orders}] for a listed queue, @SafeQueueListener(queue ="
              + " \"{orders}\") for a listener. Producers and consumers in other languages,"
              + " Python's saferedisqueue included, must use the same tagged name; items under the"
              + " old name are not moved.",
          cause);
    }
    if (message.contains("durable")) {
      return new FailureAnalysis(
          "saferedisqueue cannot make the durable writes asked for. " + message,
          "Use a Lettuce connection factory with a command timeout longer than"
              + " saferedisqueue.durable-timeout (spring.data.redis.timeout), lower the durable"
              + " timeout, or set saferedisqueue.durable-replicas=0.",
          cause);
    }
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

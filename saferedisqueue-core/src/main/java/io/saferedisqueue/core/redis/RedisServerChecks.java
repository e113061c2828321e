package io.saferedisqueue.core.redis;

import io.saferedisqueue.core.SafeRedisQueueServerInfo;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * What the queues on one connection factory learned about its server the first time one of them
 * used it (the version, which decides how scripts are sent, and the eviction policy), and whether
 * the eviction warning was logged for it yet, so that many queues on one factory probe once and
 * warn once. Kept per factory instance, weakly: a closed factory is forgotten.
 */
public final class RedisServerChecks {

  private static final Log logger = LogFactory.getLog(RedisServerChecks.class);

  private static final Map<RedisConnectionFactory, RedisServerChecks> BY_FACTORY =
      Collections.synchronizedMap(new WeakHashMap<>());

  private volatile @Nullable SafeRedisQueueServerInfo info;
  private final AtomicBoolean warned = new AtomicBoolean();

  private RedisServerChecks() {}

  static RedisServerChecks of(RedisConnectionFactory factory) {
    return BY_FACTORY.computeIfAbsent(factory, key -> new RedisServerChecks());
  }

  /** What the first successful probe of this factory's server read; probes now if none did. */
  SafeRedisQueueServerInfo info(Supplier<SafeRedisQueueServerInfo> probe) {
    SafeRedisQueueServerInfo known = info;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (info == null) {
        info = probe.get();
      }
      return info;
    }
  }

  /** Logs the eviction risk of this server once per factory (no-op when there is none). */
  void warnOnce(String endpoint, SafeRedisQueueServerInfo server) {
    server
        .evictionRisk()
        .ifPresent(
            risk -> {
              if (warned.compareAndSet(false, true)) {
                logger.warn(evictionMessage(endpoint, risk));
              }
            });
  }

  static String evictionMessage(String endpoint, String risk) {
    return "Redis at "
        + endpoint
        + ": "
        + risk
        + ". Set maxmemory-policy noeviction on that server: then a full Redis refuses pushes"
        + " (SafeRedisQueueFullException, nothing stored) while consumers keep draining. To accept"
        + " the risk, set the queue's eviction policy check to off (saferedisqueue.eviction-policy"
        + "-check=off); to refuse to run, to fail.";
  }
}

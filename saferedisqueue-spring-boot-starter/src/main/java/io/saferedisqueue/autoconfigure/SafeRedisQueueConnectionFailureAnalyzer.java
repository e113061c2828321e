package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.SafeRedisQueueConnectionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because a queue could not reach Redis (for example a bean that
 * pushes while the application starts): where the queue looked, and how to point it elsewhere.
 */
final class SafeRedisQueueConnectionFailureAnalyzer
    extends AbstractFailureAnalyzer<SafeRedisQueueConnectionException> {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, SafeRedisQueueConnectionException cause) {
    return new FailureAnalysis(
        "saferedisqueue could not reach Redis. " + cause.getMessage(),
        "Start Redis there, or point the application at your Redis with spring.data.redis.*"
            + " (host, port, username, password, ssl.enabled, sentinel.*, cluster.*) or with"
            + " saferedisqueue.url (redis://, rediss:// or unix://).",
        cause);
  }
}

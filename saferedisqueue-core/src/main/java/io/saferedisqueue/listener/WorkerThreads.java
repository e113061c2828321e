package io.saferedisqueue.listener;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Where a container's workers run: on the task executor set in the settings; else on virtual
 * threads when asked for and the JVM has them (Java 21+, through Spring's {@link
 * VirtualThreadTaskExecutor}, so this compiles for Java 17); else on platform threads named {@code
 * srq-<listenerId>-<n>}.
 */
final class WorkerThreads {

  private static final Log logger = LogFactory.getLog(WorkerThreads.class);

  private WorkerThreads() {}

  /** Whether this JVM can run virtual threads. */
  static boolean virtualThreadsSupported() {
    return Runtime.version().feature() >= 21;
  }

  static Executor executor(String listenerId, SafeQueueListenerSettings settings) {
    Executor own = settings.taskExecutor();
    if (own != null) {
      return own;
    }
    String prefix = "srq-" + listenerId + "-";
    if (settings.virtualThreads()) {
      if (virtualThreadsSupported()) {
        return new VirtualThreadTaskExecutor(prefix);
      }
      logger.info(
          "Listener '"
              + listenerId
              + "' asked for virtual threads, which need Java 21+ (running "
              + Runtime.version().feature()
              + "); using platform threads");
    }
    AtomicInteger count = new AtomicInteger();
    return runnable -> new Thread(runnable, prefix + count.incrementAndGet()).start();
  }
}

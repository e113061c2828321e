package io.saferedisqueue.config;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.listener.SafeQueueListenerEndpoint;
import io.saferedisqueue.listener.SafeQueueListenerSettings;
import io.saferedisqueue.listener.SafeQueueListenerSettingsBuilder;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.observation.SafeQueueListenerObservationConvention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;

/**
 * The overrides of a {@link SafeQueueListenerContainerFactory}, each {@code null} until set, and
 * their layering onto the defaults of {@link SafeQueueListenerSettings}: this class holds no
 * default of its own. Setters check their value as {@link SafeQueueListenerSettings} does. Values
 * set in pairs (concurrency range, recovery interval) change together under this object's lock, so
 * a container never gets half of a pair.
 */
final class ListenerSettingsOverrides {

  private final Map<String, PayloadSerializer> queuePayloadSerializers = new ConcurrentHashMap<>();
  private volatile @Nullable Integer concurrency;
  private volatile @Nullable Integer maxConcurrency;
  private volatile @Nullable Integer batchSize;
  private volatile @Nullable Integer consumerBatchSize;
  private volatile @Nullable Duration pollTimeout;
  private volatile @Nullable Duration shutdownTimeout;
  private volatile @Nullable Boolean autoStartup;
  private volatile @Nullable SafeQueueErrorHandler errorHandler;
  private volatile @Nullable Integer maxDeliveries;
  private volatile @Nullable BackOff backOff;
  private volatile List<Class<? extends Throwable>> notRetryable = List.of();
  private volatile @Nullable Integer ackBatchSize;
  private volatile @Nullable Duration ackMaxDelay;
  private volatile @Nullable Boolean leaseRenewal;
  private volatile @Nullable Duration recoveryInitial;
  private volatile @Nullable Duration recoveryMax;
  private volatile @Nullable ObservationRegistry observationRegistry;
  private volatile @Nullable SafeQueueListenerObservationConvention observationConvention;
  private volatile @Nullable PayloadSerializer payloadSerializer;
  private volatile @Nullable Boolean virtualThreads;
  private volatile @Nullable Executor taskExecutor;

  synchronized void concurrency(int concurrency) {
    this.concurrency = SafeQueueListenerSettings.checkConcurrency(concurrency);
    this.maxConcurrency = concurrency;
  }

  synchronized void concurrency(String concurrency) {
    int[] range = SafeQueueListenerSettings.parseConcurrency(concurrency);
    this.concurrency = range[0];
    this.maxConcurrency = range[1];
  }

  void virtualThreads(boolean virtualThreads) {
    this.virtualThreads = virtualThreads;
  }

  void taskExecutor(@Nullable Executor taskExecutor) {
    this.taskExecutor = taskExecutor;
  }

  void shutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = SafeQueueListenerSettings.checkShutdownTimeout(shutdownTimeout);
  }

  void errorHandler(@Nullable SafeQueueErrorHandler errorHandler) {
    this.errorHandler = errorHandler;
  }

  void maxDeliveries(int maxDeliveries) {
    this.maxDeliveries = SafeQueueListenerSettings.checkMaxDeliveries(maxDeliveries);
  }

  void backOff(BackOff backOff) {
    this.backOff = Objects.requireNonNull(backOff, "backOff");
  }

  void notRetryable(List<Class<? extends Throwable>> notRetryable) {
    this.notRetryable = List.copyOf(notRetryable);
  }

  void ackBatching(int maxBatch, Duration maxDelay) {
    int checkedBatch = SafeQueueListenerSettings.checkAckBatchSize(maxBatch);
    Duration checkedDelay = SafeQueueListenerSettings.checkAckMaxDelay(maxDelay);
    this.ackBatchSize = checkedBatch;
    this.ackMaxDelay = checkedDelay;
  }

  void ackBatchSize(int maxBatch) {
    this.ackBatchSize = SafeQueueListenerSettings.checkAckBatchSize(maxBatch);
  }

  void ackMaxDelay(Duration maxDelay) {
    this.ackMaxDelay = SafeQueueListenerSettings.checkAckMaxDelay(maxDelay);
  }

  void leaseRenewal(boolean leaseRenewal) {
    this.leaseRenewal = leaseRenewal;
  }

  void payloadSerializer(PayloadSerializer payloadSerializer) {
    this.payloadSerializer = Objects.requireNonNull(payloadSerializer, "payloadSerializer");
  }

  void payloadSerializer(String queueName, PayloadSerializer payloadSerializer) {
    if (queueName == null || queueName.isBlank()) {
      throw new IllegalArgumentException(
          "queue name must be a non-blank string, was "
              + (queueName == null ? "null" : "'" + queueName + "'"));
    }
    queuePayloadSerializers.put(
        queueName, Objects.requireNonNull(payloadSerializer, "payloadSerializer"));
  }

  void batchSize(int batchSize) {
    this.batchSize = SafeQueueListenerSettings.checkBatchSize(batchSize);
  }

  void consumerBatchSize(int consumerBatchSize) {
    this.consumerBatchSize = SafeQueueListenerSettings.checkConsumerBatchSize(consumerBatchSize);
  }

  void pollTimeout(Duration pollTimeout) {
    this.pollTimeout = SafeQueueListenerSettings.checkPollTimeout(pollTimeout);
  }

  void autoStartup(boolean autoStartup) {
    this.autoStartup = autoStartup;
  }

  synchronized void recoveryInterval(Duration initial, Duration max) {
    SafeQueueListenerSettings.checkRecoveryInterval(initial, max);
    this.recoveryInitial = initial;
    this.recoveryMax = max;
  }

  void observationRegistry(ObservationRegistry observationRegistry) {
    this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
  }

  void observationConvention(
      @Nullable SafeQueueListenerObservationConvention observationConvention) {
    this.observationConvention = observationConvention;
  }

  /** The registry set here, else the default of {@link SafeQueueListenerSettings}. */
  ObservationRegistry observationRegistry() {
    ObservationRegistry registry = observationRegistry;
    return registry != null ? registry : SafeQueueListenerSettings.defaults().observationRegistry();
  }

  /** The queue's own serializer, else the one set here, else the default serializer. */
  PayloadSerializer payloadSerializerFor(String queueName) {
    PayloadSerializer own = queuePayloadSerializers.get(queueName);
    if (own != null) {
      return own;
    }
    PayloadSerializer serializer = payloadSerializer;
    return serializer != null ? serializer : PayloadSerializer.defaultSerializer();
  }

  /**
   * The defaults, then these overrides, then the queue's own maximum deliveries (when it has one),
   * then the endpoint's overrides. Not-retryable types add up: these and the endpoint's.
   */
  SafeQueueListenerSettings settingsFor(SafeQueueListenerEndpoint endpoint, SafeRedisQueue queue) {
    SafeQueueListenerSettingsBuilder settings = SafeQueueListenerSettings.builder();
    applyTo(settings);
    if (queue.settings().maxDeliveries() > 0) {
      settings.maxDeliveries(queue.settings().maxDeliveries());
    }
    Integer endpointConcurrency = endpoint.getConcurrency();
    if (endpointConcurrency != null) {
      Integer endpointMax = endpoint.getMaxConcurrency();
      settings.concurrency(
          endpointConcurrency, endpointMax != null ? endpointMax : endpointConcurrency);
    }
    acceptIfNotNull(endpoint.getAutoStartup(), settings::autoStartup);
    acceptIfNotNull(endpoint.getErrorHandler(), settings::errorHandler);
    acceptIfNotNull(endpoint.getMaxDeliveries(), settings::maxDeliveries);
    acceptIfNotNull(endpoint.getConsumerBatchSize(), settings::consumerBatchSize);
    List<Class<? extends Throwable>> allNotRetryable = new ArrayList<>(notRetryable);
    allNotRetryable.addAll(endpoint.getNotRetryable());
    if (!allNotRetryable.isEmpty()) {
      settings.notRetryable(allNotRetryable);
    }
    return settings.build();
  }

  private void applyTo(SafeQueueListenerSettingsBuilder settings) {
    synchronized (this) {
      Integer min = concurrency;
      Integer max = maxConcurrency;
      if (min != null) {
        settings.concurrency(min, max != null ? max : min);
      }
    }
    acceptIfNotNull(batchSize, settings::batchSize);
    acceptIfNotNull(consumerBatchSize, settings::consumerBatchSize);
    acceptIfNotNull(pollTimeout, settings::pollTimeout);
    acceptIfNotNull(shutdownTimeout, settings::shutdownTimeout);
    acceptIfNotNull(autoStartup, settings::autoStartup);
    acceptIfNotNull(errorHandler, settings::errorHandler);
    acceptIfNotNull(maxDeliveries, settings::maxDeliveries);
    acceptIfNotNull(backOff, settings::retryBackOff);
    acceptIfNotNull(ackBatchSize, settings::ackBatchSize);
    acceptIfNotNull(ackMaxDelay, settings::ackMaxDelay);
    acceptIfNotNull(leaseRenewal, settings::leaseRenewal);
    synchronized (this) {
      Duration initial = recoveryInitial;
      Duration max = recoveryMax;
      if (initial != null && max != null) {
        settings.recoveryInterval(initial, max);
      }
    }
    acceptIfNotNull(observationRegistry, settings::observationRegistry);
    acceptIfNotNull(observationConvention, settings::observationConvention);
    acceptIfNotNull(virtualThreads, settings::virtualThreads);
    acceptIfNotNull(taskExecutor, settings::taskExecutor);
  }

  private static <T> void acceptIfNotNull(@Nullable T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}

package io.saferedisqueue.config;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.ListenerSettingChecks;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpoint;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.listener.api.SafeQueueItemListener;
import io.saferedisqueue.observation.SafeQueueListenerObservationConvention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Creates the {@link SafeQueueListenerContainer} of each listener endpoint, with the settings held
 * here; an endpoint may override the concurrency, the auto-startup and the error handler. Define a
 * bean of this type named {@value SafeQueueListenerConfigUtils#DEFAULT_CONTAINER_FACTORY_BEAN_NAME}
 * to configure all listeners, or further ones that listeners pick with {@code containerFactory}.
 *
 * <p>Every setter checks its value at once and throws {@link IllegalArgumentException} naming the
 * value and what is allowed. Settings apply to containers created afterwards.
 */
public class SafeQueueListenerContainerFactory {

  private final SafeRedisQueueFactory queueFactory;
  private int concurrency = 1;
  private Duration shutdownTimeout = Duration.ofSeconds(10);
  private @Nullable SafeQueueErrorHandler errorHandler;
  private int maxDeliveries = 5;
  private BackOff backOff = new FixedBackOff(0, FixedBackOff.UNLIMITED_ATTEMPTS);
  private List<Class<? extends Throwable>> notRetryable = List.of();
  private int ackBatchSize = 64;
  private Duration ackMaxDelay = Duration.ofMillis(2);
  private boolean leaseRenewal = true;
  private PayloadSerializer payloadSerializer = PayloadSerializer.defaultSerializer();
  private int batchSize = 16;
  private Duration pollTimeout = Duration.ofSeconds(1);
  private boolean autoStartup = true;
  private Duration recoveryInitial = Duration.ofMillis(100);
  private Duration recoveryMax = Duration.ofSeconds(5);
  private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
  private @Nullable SafeQueueListenerObservationConvention observationConvention;

  /** Creates a factory whose containers consume queues of this queue factory. */
  public SafeQueueListenerContainerFactory(SafeRedisQueueFactory queueFactory) {
    this.queueFactory = Objects.requireNonNull(queueFactory, "queueFactory");
  }

  /**
   * Consumer threads per listener unless the listener sets its own (default 1).
   *
   * @throws IllegalArgumentException when below 1
   */
  public void setConcurrency(int concurrency) {
    this.concurrency = ListenerSettingChecks.concurrency(concurrency);
  }

  /**
   * How long stopping a container waits for running handlers (default 10 s; zero waits for none).
   * Items of handlers still running afterwards stay in flight and autoclean delivers them again.
   *
   * @throws IllegalArgumentException when negative
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = ListenerSettingChecks.shutdownTimeout(shutdownTimeout);
  }

  /**
   * What happens to items whose handler threw, unless a listener names its own. Default {@code
   * null}: retry with the back-off up to the maximum deliveries, then dead-letter; dead-letter
   * unconvertible payloads and not-retryable errors at once ({@link
   * io.saferedisqueue.listener.api.RetryingErrorHandler}).
   */
  public void setErrorHandler(@Nullable SafeQueueErrorHandler errorHandler) {
    this.errorHandler = errorHandler;
  }

  /**
   * Deliveries after which a failing item is dead-lettered, unless a listener sets its own (default
   * 5; 0 for never).
   *
   * @throws IllegalArgumentException when negative
   */
  public void setMaxDeliveries(int maxDeliveries) {
    this.maxDeliveries = ListenerSettingChecks.maxDeliveries(maxDeliveries);
  }

  /**
   * Delay before each redelivery of a failed item (default none: at once), for example a Spring
   * {@link org.springframework.util.backoff.ExponentialBackOff} with a maximum and jitter.
   */
  public void setBackOff(BackOff backOff) {
    this.backOff = Objects.requireNonNull(backOff, "backOff");
  }

  /** Exception types that dead-letter an item at once, added to each listener's own. */
  public void setNotRetryable(List<Class<? extends Throwable>> notRetryable) {
    this.notRetryable = List.copyOf(notRetryable);
  }

  /**
   * Most acks per batch (default 64; 1 sends each ack on its own) and the longest an ack waits for
   * its batch (default 2 ms).
   *
   * @throws IllegalArgumentException when the size is not 1..10000 or the delay not 1ms..1s
   */
  public void setAckBatching(int maxBatch, Duration maxDelay) {
    ListenerSettingChecks.ackBatching(maxBatch, maxDelay);
    this.ackBatchSize = maxBatch;
    this.ackMaxDelay = maxDelay;
  }

  /** Whether running handlers' items are kept from autoclean's requeue (default true). */
  public void setLeaseRenewal(boolean leaseRenewal) {
    this.leaseRenewal = leaseRenewal;
  }

  /**
   * Reads payloads for listener parameters that are neither {@code String} nor {@code byte[]}
   * (default {@link PayloadSerializer#defaultSerializer()}: JSON through Jackson when present).
   */
  public void setPayloadSerializer(PayloadSerializer payloadSerializer) {
    this.payloadSerializer = Objects.requireNonNull(payloadSerializer, "payloadSerializer");
  }

  /**
   * Most items a consumer fetches per round trip when items are waiting (default 16). A consumer
   * processes what it fetched one after the other, so with few, slow items a small batch (1)
   * spreads them better over the consumers.
   *
   * @throws IllegalArgumentException when below 1
   */
  public void setBatchSize(int batchSize) {
    this.batchSize = ListenerSettingChecks.batchSize(batchSize);
  }

  /**
   * How long an idle consumer blocks in Redis per blocking pop (default 1 s); also bounds how long
   * a stop or pause takes to reach an idle consumer. Keep it well below the Redis client's command
   * timeout.
   *
   * @throws IllegalArgumentException when below 1 ms
   */
  public void setPollTimeout(Duration pollTimeout) {
    this.pollTimeout = ListenerSettingChecks.pollTimeout(pollTimeout);
  }

  /** Whether containers start with the application context unless a listener says otherwise. */
  public void setAutoStartup(boolean autoStartup) {
    this.autoStartup = autoStartup;
  }

  /**
   * Back-off of a consumer after a failed Redis call: {@code initial}, doubling up to {@code max}
   * while Redis stays unreachable (default 100 ms to 5 s).
   *
   * @throws IllegalArgumentException when {@code initial} is below 1 ms or {@code max} is below
   *     {@code initial}
   */
  public void setRecoveryInterval(Duration initial, Duration max) {
    ListenerSettingChecks.recoveryInterval(initial, max);
    this.recoveryInitial = initial;
    this.recoveryMax = max;
  }

  /**
   * Registry of the containers' listener observations (default {@link ObservationRegistry#NOOP}:
   * none). See {@link SafeQueueListenerContainer#setObservationRegistry}.
   */
  public void setObservationRegistry(ObservationRegistry observationRegistry) {
    this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
  }

  /** Convention of the listener observations; {@code null} (default) for the default one. */
  public void setObservationConvention(
      @Nullable SafeQueueListenerObservationConvention observationConvention) {
    this.observationConvention = observationConvention;
  }

  /** The registry of the containers' listener observations. */
  public ObservationRegistry getObservationRegistry() {
    return observationRegistry;
  }

  /**
   * Creates a stopped container for the endpoint, on the queue of the endpoint's name, with this
   * factory's settings and the endpoint's overrides.
   *
   * @throws IllegalArgumentException when the endpoint's queue name is not a valid queue name
   */
  public SafeQueueListenerContainer createListenerContainer(SafeQueueListenerEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    SafeRedisQueue queue = queueFactory.getQueue(endpoint.getQueueName());
    SafeQueueItemListener listener = endpoint.createItemListener(payloadSerializer);
    SafeQueueListenerContainer container =
        new SafeQueueListenerContainer(endpoint.getId(), queue, listener);
    Integer endpointConcurrency = endpoint.getConcurrency();
    container.setConcurrency(endpointConcurrency != null ? endpointConcurrency : concurrency);
    Boolean endpointAutoStartup = endpoint.getAutoStartup();
    container.setAutoStartup(endpointAutoStartup != null ? endpointAutoStartup : autoStartup);
    SafeQueueErrorHandler endpointErrorHandler = endpoint.getErrorHandler();
    container.setErrorHandler(endpointErrorHandler != null ? endpointErrorHandler : errorHandler);
    // The listener's own limit, else the queue's (when it has one), else this factory's.
    Integer endpointMaxDeliveries = endpoint.getMaxDeliveries();
    container.setMaxDeliveries(
        endpointMaxDeliveries != null
            ? endpointMaxDeliveries
            : queue.maxDeliveries() > 0 ? queue.maxDeliveries() : maxDeliveries);
    container.setBackOff(backOff);
    List<Class<? extends Throwable>> allNotRetryable = new ArrayList<>(notRetryable);
    allNotRetryable.addAll(endpoint.getNotRetryable());
    container.setNotRetryable(allNotRetryable);
    container.setAckBatching(ackBatchSize, ackMaxDelay);
    container.setLeaseRenewal(leaseRenewal);
    container.setBatchSize(batchSize);
    container.setPollTimeout(pollTimeout);
    container.setShutdownTimeout(shutdownTimeout);
    container.setRecoveryInterval(recoveryInitial, recoveryMax);
    container.setObservationRegistry(observationRegistry);
    container.setObservationConvention(observationConvention);
    return container;
  }
}

package io.saferedisqueue.config;

import io.micrometer.observation.ObservationRegistry;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueOperations;
import io.saferedisqueue.listener.ListenerContainerFactory;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpoint;
import io.saferedisqueue.listener.SafeQueueListenerSettings;
import io.saferedisqueue.listener.SafeQueueListenerSettingsBuilder;
import io.saferedisqueue.listener.api.SafeQueueErrorHandler;
import io.saferedisqueue.observation.SafeQueueListenerObservationConvention;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;

/**
 * Creates the {@link SafeQueueListenerContainer} of each listener endpoint. It holds overrides
 * only: every setting left unset here keeps the default of {@link SafeQueueListenerSettings}, and
 * an endpoint may override the concurrency, the auto-startup, the error handler, the maximum
 * deliveries and add not-retryable types. Define a bean of this type named {@value
 * SafeQueueListenerConfigUtils#DEFAULT_CONTAINER_FACTORY_BEAN_NAME} to configure all listeners, or
 * further ones that listeners pick with {@code containerFactory}.
 *
 * <p>Every setter checks its value at once, as {@link SafeQueueListenerSettings} does, and throws
 * {@link IllegalArgumentException} naming the value and what is allowed. Settings apply to
 * containers created afterwards.
 */
public class SafeQueueListenerContainerFactory implements ListenerContainerFactory {

  private final SafeRedisQueueFactory queueFactory;
  private final ListenerSettingsOverrides overrides = new ListenerSettingsOverrides();
  private final QueuePartContainers containers;

  /** Creates a factory whose containers consume queues of this queue factory. */
  public SafeQueueListenerContainerFactory(SafeRedisQueueFactory queueFactory) {
    this.queueFactory = Objects.requireNonNull(queueFactory, "queueFactory");
    this.containers =
        new QueuePartContainers(queueFactory, this::settingsFor, overrides::payloadSerializerFor);
  }

  /** The queue factory whose queues the containers consume. */
  public SafeRedisQueueFactory getQueueFactory() {
    return queueFactory;
  }

  /**
   * Consumer threads per listener unless the listener sets its own (default 1).
   *
   * @throws IllegalArgumentException when below 1
   */
  public void setConcurrency(int concurrency) {
    overrides.concurrency(concurrency);
  }

  /**
   * Workers per listener as {@code "n"} or {@code "min-max"} (between min and max workers, growing
   * with the backlog and shrinking when idle), unless the listener sets its own.
   *
   * @throws IllegalArgumentException when it is neither
   */
  public void setConcurrency(String concurrency) {
    overrides.concurrency(concurrency);
  }

  /**
   * Whether workers run on virtual threads when the JVM has them, Java 21 and later (default false;
   * the starter sets it from {@code spring.threads.virtual.enabled}). On older JVMs the containers
   * use platform threads. A {@link #setTaskExecutor task executor} takes precedence.
   */
  public void setVirtualThreads(boolean virtualThreads) {
    overrides.virtualThreads(virtualThreads);
  }

  /**
   * Executor that runs the workers of every container (default none: each container starts its own
   * threads). Each worker is a long-running task, so the executor must run as many tasks at once as
   * the containers' concurrencies add up to; a smaller pool runs fewer handlers at a time.
   */
  public void setTaskExecutor(@Nullable Executor taskExecutor) {
    overrides.taskExecutor(taskExecutor);
  }

  /**
   * How long stopping a container waits for running handlers (default 10 s; zero waits for none).
   * Items of handlers still running afterwards stay in flight and autoclean delivers them again.
   *
   * @throws IllegalArgumentException when negative
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    overrides.shutdownTimeout(shutdownTimeout);
  }

  /**
   * What happens to items whose handler threw, unless a listener names its own. Default {@code
   * null}: retry with the back-off up to the maximum deliveries, then dead-letter; dead-letter
   * unconvertible payloads and not-retryable errors at once ({@link
   * io.saferedisqueue.listener.api.RetryingErrorHandler}).
   */
  public void setErrorHandler(@Nullable SafeQueueErrorHandler errorHandler) {
    overrides.errorHandler(errorHandler);
  }

  /**
   * Deliveries after which a failing item is dead-lettered (default 5; 0 for never), unless the
   * queue has its own maximum or the listener sets its own.
   *
   * @throws IllegalArgumentException when negative
   */
  public void setMaxDeliveries(int maxDeliveries) {
    overrides.maxDeliveries(maxDeliveries);
  }

  /**
   * Delay before each redelivery of a failed item (default none: at once), for example a Spring
   * {@link org.springframework.util.backoff.ExponentialBackOff} with a maximum and jitter.
   */
  public void setBackOff(BackOff backOff) {
    overrides.backOff(backOff);
  }

  /** Exception types that dead-letter an item at once, added to each listener's own. */
  public void setNotRetryable(List<Class<? extends Throwable>> notRetryable) {
    overrides.notRetryable(notRetryable);
  }

  /**
   * Most acks per batch (default 64; 1 sends each ack on its own) and the longest an ack waits for
   * its batch (default 2 ms).
   *
   * @throws IllegalArgumentException when the size is not 1..10000 or the delay not 1ms..1s
   */
  public void setAckBatching(int maxBatch, Duration maxDelay) {
    overrides.ackBatching(maxBatch, maxDelay);
  }

  /**
   * Most acks per batch (default 64; 1 sends each ack on its own).
   *
   * @throws IllegalArgumentException when not 1..10000
   */
  public void setAckBatchSize(int maxBatch) {
    overrides.ackBatchSize(maxBatch);
  }

  /**
   * Longest an ack waits for its batch (default 2 ms).
   *
   * @throws IllegalArgumentException when not 1ms..1s
   */
  public void setAckMaxDelay(Duration maxDelay) {
    overrides.ackMaxDelay(maxDelay);
  }

  /** Whether running handlers' items are kept from autoclean's requeue (default true). */
  public void setLeaseRenewal(boolean leaseRenewal) {
    overrides.leaseRenewal(leaseRenewal);
  }

  /**
   * Reads payloads for listener parameters that are neither {@code String} nor {@code byte[]}
   * (default {@link PayloadSerializer#defaultSerializer()}: JSON through Jackson when present),
   * except on queues given a serializer of their own with {@link #setPayloadSerializer(String,
   * PayloadSerializer)}.
   */
  public void setPayloadSerializer(PayloadSerializer payloadSerializer) {
    overrides.payloadSerializer(payloadSerializer);
  }

  /**
   * Reads the payloads of this queue's listeners with this serializer instead of the factory's, for
   * a queue written in a format of its own. It changes only the serializer: the listeners keep all
   * their other settings.
   *
   * @throws IllegalArgumentException when the queue name is null or blank
   */
  public void setPayloadSerializer(String queueName, PayloadSerializer payloadSerializer) {
    overrides.payloadSerializer(queueName, payloadSerializer);
  }

  /**
   * Most items a consumer fetches per round trip when items are waiting (default 16). A consumer
   * processes what it fetched one after the other, so with few, slow items a small batch (1)
   * spreads them better over the consumers.
   *
   * @throws IllegalArgumentException when below 1
   */
  public void setBatchSize(int batchSize) {
    overrides.batchSize(batchSize);
  }

  /**
   * Most items a batch listener receives per call unless the listener sets its own (default 16). A
   * batch holds the items waiting when a worker becomes free, up to this many; the container never
   * waits to fill it. Single-item listeners ignore it.
   *
   * @throws IllegalArgumentException when not 1..10000
   */
  public void setConsumerBatchSize(int consumerBatchSize) {
    overrides.consumerBatchSize(consumerBatchSize);
  }

  /**
   * How long an idle consumer blocks in Redis per blocking pop (default 1 s); also bounds how long
   * a stop or pause takes to reach an idle consumer. Keep it well below the Redis client's command
   * timeout.
   *
   * @throws IllegalArgumentException when below 1 ms
   */
  public void setPollTimeout(Duration pollTimeout) {
    overrides.pollTimeout(pollTimeout);
  }

  /** Whether containers start with the application context unless a listener says otherwise. */
  public void setAutoStartup(boolean autoStartup) {
    overrides.autoStartup(autoStartup);
  }

  /**
   * Back-off of a consumer after a failed Redis call: {@code initial}, doubling up to {@code max}
   * while Redis stays unreachable (default 100 ms to 5 s).
   *
   * @throws IllegalArgumentException when {@code initial} is below 1 ms or {@code max} is below
   *     {@code initial}
   */
  public void setRecoveryInterval(Duration initial, Duration max) {
    overrides.recoveryInterval(initial, max);
  }

  /**
   * Registry of the containers' listener observations (default {@link ObservationRegistry#NOOP}:
   * none). See {@link SafeQueueListenerSettingsBuilder#observationRegistry}.
   */
  public void setObservationRegistry(ObservationRegistry observationRegistry) {
    overrides.observationRegistry(observationRegistry);
  }

  /** Convention of the listener observations; {@code null} (default) for the default one. */
  public void setObservationConvention(
      @Nullable SafeQueueListenerObservationConvention observationConvention) {
    overrides.observationConvention(observationConvention);
  }

  /** The registry of the containers' listener observations. */
  public ObservationRegistry getObservationRegistry() {
    return overrides.observationRegistry();
  }

  /**
   * Creates a stopped container for the endpoint, on the queue of the endpoint's name, with the
   * {@linkplain #settingsFor settings} of this factory and the endpoint. The endpoint's item
   * listener reads payloads with the queue's own serializer if it was given one here, else with
   * this factory's. A {@linkplain SafeQueueListenerEndpoint#isBatchListener batch endpoint} gets a
   * batch container ({@link SafeQueueListenerContainer#forBatches}).
   *
   * @throws IllegalArgumentException when the endpoint's queue name is not a valid queue name
   */
  @Override
  public SafeQueueListenerContainer createListenerContainer(SafeQueueListenerEndpoint endpoint) {
    return containers.forQueue(Objects.requireNonNull(endpoint, "endpoint"));
  }

  /**
   * Creates one container per {@linkplain SafeRedisQueueOperations#parts() part} of the endpoint's
   * queue ({@link SafeRedisQueueFactory#getOperations}): for a plain queue the one of {@link
   * #createListenerContainer}; else ids {@code <id>-0}, {@code <id>-1}, ..., each with the
   * endpoint's settings (own fetcher, blocking connection, {@code concurrency} workers) and the
   * logical queue's serializer. Item and batch endpoints alike: the one place that rule lives.
   */
  @Override
  public List<SafeQueueListenerContainer> createListenerContainers(
      SafeQueueListenerEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    SafeRedisQueueOperations operations = queueFactory.getOperations(endpoint.getQueueName());
    if (QueuePartContainers.isPlain(operations)) {
      return List.of(createListenerContainer(endpoint));
    }
    return containers.forParts(endpoint, operations);
  }

  /**
   * The settings of the endpoint's container: the defaults, then this factory's overrides, then the
   * queue's own maximum deliveries (when it has one), then the endpoint's overrides. Not-retryable
   * types add up: this factory's and the endpoint's.
   */
  protected SafeQueueListenerSettings settingsFor(
      SafeQueueListenerEndpoint endpoint, SafeRedisQueue queue) {
    return overrides.settingsFor(endpoint, queue);
  }
}

package io.saferedisqueue.autoconfigure.control;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueDeadLetters;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The application's queues and listeners as the endpoint and the dashboard read and change them:
 * the queues its factory handed out, by name; its listener containers, by id (a listener on a queue
 * of several parts by its own id, which stands for the containers of all its parts); the actions on
 * dead letters and the pause and resume of listeners. An unknown name or id throws {@link
 * UnknownTargetException} naming what is known.
 */
public final class SafeRedisQueueControl {

  private final SafeRedisQueueFactory queueFactory;
  private final @Nullable SafeQueueListenerEndpointRegistry listenerRegistry;

  /**
   * @param queueFactory whose queues are read and acted on
   * @param listenerRegistry whose listeners are read, paused and resumed; {@code null} without
   *     listener infrastructure
   */
  public SafeRedisQueueControl(
      SafeRedisQueueFactory queueFactory,
      @Nullable SafeQueueListenerEndpointRegistry listenerRegistry) {
    this.queueFactory = Objects.requireNonNull(queueFactory, "queueFactory");
    this.listenerRegistry = listenerRegistry;
  }

  /** Every queue the factory handed out (the parts of a queue of several by their own names). */
  public List<SafeRedisQueue> queues() {
    return queueFactory.getQueues().stream()
        .sorted(Comparator.comparing(SafeRedisQueue::name))
        .toList();
  }

  /** The queue of this name, which the factory handed out. */
  public SafeRedisQueue queue(String name) {
    for (SafeRedisQueue queue : queueFactory.getQueues()) {
      if (queue.name().equals(name)) {
        return queue;
      }
    }
    throw new UnknownTargetException(
        "No queue named '"
            + name
            + "' has been used by this application; known queues: "
            + queues().stream().map(SafeRedisQueue::name).toList());
  }

  /** Every listener container. */
  public Collection<SafeQueueListenerContainer> listeners() {
    return listenerRegistry == null ? List.of() : listenerRegistry.getListenerContainers();
  }

  /**
   * The containers of a listener: the one container of this id, or, for a listener on a queue of
   * several parts, the containers of all its parts.
   */
  public List<SafeQueueListenerContainer> listener(String id) {
    if (listenerRegistry != null) {
      SafeQueueListenerContainer container = listenerRegistry.getListenerContainer(id);
      if (container != null) {
        return List.of(container);
      }
      List<SafeQueueListenerContainer> parts = listenerRegistry.getListenerContainers(id);
      if (!parts.isEmpty()) {
        return parts;
      }
    }
    throw new UnknownTargetException(
        "No listener with id '"
            + id
            + "'; known ids: "
            + listeners().stream().map(SafeQueueListenerContainer::getListenerId).toList());
  }

  /**
   * Pauses ({@code pause}) or resumes ({@code resume}) the containers of a listener; returns them.
   */
  public List<SafeQueueListenerContainer> act(String listenerId, String action) {
    List<SafeQueueListenerContainer> containers = listener(listenerId);
    switch (action) {
      case "pause" -> containers.forEach(SafeQueueListenerContainer::pause);
      case "resume" -> containers.forEach(SafeQueueListenerContainer::resume);
      default ->
          throw new UnknownTargetException(
              "Unknown listener action '" + action + "'; use pause or resume");
    }
    return containers;
  }

  /**
   * Requeues ({@link DeadLetterAction#REQUEUE}) or deletes ({@link DeadLetterAction#DELETE}) the
   * dead letters of a queue: all of them when {@code uids} is empty, else those.
   */
  public DeadLettersChanged deadLetters(
      SafeRedisQueue queue, DeadLetterAction action, List<String> uids) {
    SafeRedisQueueDeadLetters dead = queue.deadLetters();
    long count =
        switch (action) {
          case REQUEUE -> uids.isEmpty() ? dead.requeueAll() : dead.requeue(uids);
          case DELETE -> uids.isEmpty() ? dead.deleteAll() : dead.delete(uids);
        };
    return new DeadLettersChanged(queue.name(), count, dead.count());
  }

  /** What a listener container is doing now. */
  public static ListenerState state(SafeQueueListenerContainer container) {
    return new ListenerState(
        container.getListenerId(),
        container.getQueueName(),
        container.isRunning(),
        container.isPaused(),
        container.getConcurrency(),
        container.getActiveHandlers(),
        container.getMaxDeliveries());
  }

  /** What to do with dead letters. */
  public enum DeadLetterAction {
    /** Queue them again. */
    REQUEUE,
    /** Delete them and their payloads. */
    DELETE
  }

  /**
   * What an action on dead letters did.
   *
   * @param queue the queue's name
   * @param count dead letters requeued or deleted
   * @param deadRemaining dead letters left
   */
  public record DeadLettersChanged(String queue, long count, long deadRemaining) {}

  /**
   * A listener container's state.
   *
   * @param id its id
   * @param queue the queue it consumes
   * @param running whether it has been started and not stopped
   * @param paused whether it is paused
   * @param concurrency consumer threads
   * @param activeHandlers handlers running now
   * @param maxDeliveries deliveries after which its failing items become dead letters (0: never)
   */
  public record ListenerState(
      String id,
      String queue,
      boolean running,
      boolean paused,
      int concurrency,
      int activeHandlers,
      int maxDeliveries) {}
}

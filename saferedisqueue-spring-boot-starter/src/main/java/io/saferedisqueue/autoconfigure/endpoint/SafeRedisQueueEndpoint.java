package io.saferedisqueue.autoconfigure.endpoint;

import io.saferedisqueue.autoconfigure.control.SafeRedisQueueControl;
import io.saferedisqueue.autoconfigure.control.SafeRedisQueueControl.DeadLetterAction;
import io.saferedisqueue.autoconfigure.control.SafeRedisQueueControl.DeadLettersChanged;
import io.saferedisqueue.autoconfigure.control.SafeRedisQueueControl.ListenerState;
import io.saferedisqueue.autoconfigure.control.UnknownTargetException;
import io.saferedisqueue.core.DeadLetter;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueOperations;
import io.saferedisqueue.core.SafeRedisQueueServerInfo;
import io.saferedisqueue.core.SafeRedisQueueStats;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code saferedisqueue} Actuator endpoint. Over the web (once exposed, as any endpoint, with
 * {@code management.endpoints.web.exposure.include}):
 *
 * <ul>
 *   <li>{@code GET /actuator/saferedisqueue}: every queue the factory has handed out with its
 *       sizes, read now (one script per queue), every listener container with its state, and the
 *       Redis server's version and memory settings, with the risk of an evicting policy;
 *   <li>{@code GET /actuator/saferedisqueue/queues/{name}}: one queue with its oldest dead letters
 *       (at most 100; uid, deliveries, time, reason and payload size, never the payload);
 *   <li>{@code GET /actuator/saferedisqueue/listeners/{id}}: one listener;
 *   <li>{@code POST /actuator/saferedisqueue/listeners/{id}/pause} and {@code .../resume};
 *   <li>{@code POST /actuator/saferedisqueue/queues/{name}/requeue-dead} and {@code
 *       .../purge-dead}: all dead letters of the queue; {@code
 *       .../queues/{name}/requeue-dead/{uid}} and {@code .../purge-dead/{uid}}: one of them.
 * </ul>
 *
 * <p>The write operations take no request body, so a plain {@code curl -X POST} works.
 *
 * <p>Unknown queues (never handed out by the factory), listeners or actions are rejected with 400
 * naming what is known; over HTTP the answer's {@code message} says so (see {@code
 * BadEndpointRequestException}), which Spring Boot's error page would otherwise hide. {@code
 * management.endpoint.saferedisqueue.access=read-only} keeps the read operations and switches the
 * write operations off.
 */
@Endpoint(id = "saferedisqueue")
public class SafeRedisQueueEndpoint {

  /** Most dead letters listed for one queue. */
  static final int DEAD_LETTER_LIMIT = 100;

  private final SafeRedisQueueFactory queueFactory;
  private final SafeRedisQueueControl control;

  /**
   * Creates the endpoint.
   *
   * @param queueFactory whose queues are shown and acted on
   * @param listenerRegistry whose listeners are shown and paused or resumed; {@code null} without
   *     listener infrastructure
   */
  public SafeRedisQueueEndpoint(
      SafeRedisQueueFactory queueFactory,
      @Nullable SafeQueueListenerEndpointRegistry listenerRegistry) {
    this.queueFactory = Objects.requireNonNull(queueFactory, "queueFactory");
    this.control = new SafeRedisQueueControl(queueFactory, listenerRegistry);
  }

  /** Every queue and every listener. */
  @ReadOperation
  public SafeRedisQueueDescriptor saferedisqueue() {
    Map<String, QueueDescriptor> queues = new TreeMap<>();
    String redis = null;
    ServerDescriptor server = null;
    for (SafeRedisQueue queue : control.queues()) {
      if (redis == null) {
        redis = queue.endpoint();
        server = describeServer(queue);
      }
      queues.put(queue.name(), describe(queue));
    }
    Map<String, ShardedQueueDescriptor> sharded = new TreeMap<>();
    for (SafeRedisQueueOperations logical : queueFactory.getLogicalQueues()) {
      sharded.put(logical.name(), ShardedQueueDescriptor.of(logical, queues));
    }
    Map<String, ListenerDescriptor> listeners = new LinkedHashMap<>();
    for (SafeQueueListenerContainer container : control.listeners()) {
      listeners.put(container.getListenerId(), describe(container));
    }
    return new SafeRedisQueueDescriptor(redis, queues, sharded, listeners, server);
  }

  /**
   * One queue with its oldest dead letters, or one listener (for a listener on a sharded queue, by
   * its own id: each shard's container, by container id).
   *
   * @param kind {@code queues} or {@code listeners}
   * @param name the queue's name or the listener's id
   */
  @ReadOperation
  public Object item(@Selector String kind, @Selector String name) {
    return known(
        () ->
            switch (kind) {
              case "queues" -> {
                SafeRedisQueue queue = control.queue(name);
                List<DeadLetterDescriptor> dead =
                    queue.deadLetters().list(0, DEAD_LETTER_LIMIT).stream()
                        .map(SafeRedisQueueEndpoint::describe)
                        .toList();
                yield new QueueDetailsDescriptor(describe(queue), dead);
              }
              case "listeners" -> describe(name, control.listener(name));
              default -> throw unknownKind(kind);
            });
  }

  /**
   * Acts on a listener ({@code pause}, {@code resume}; by a sharded listener's own id, on all its
   * containers) or on all dead letters of a queue ({@code requeue-dead}, {@code purge-dead}).
   *
   * @param kind {@code listeners} or {@code queues}
   * @param name the listener's id or the queue's name
   * @param action what to do
   */
  @WriteOperation
  public Object act(@Selector String kind, @Selector String name, @Selector String action) {
    return known(
        () ->
            switch (kind) {
              case "listeners" -> describe(name, control.act(name, action));
              case "queues" -> actOnQueue(control.queue(name), action, null);
              default -> throw unknownKind(kind);
            });
  }

  /**
   * Requeues or purges one dead letter of a queue.
   *
   * @param kind {@code queues}
   * @param name the queue's name
   * @param action {@code requeue-dead} or {@code purge-dead}
   * @param uid the dead letter's uid
   */
  @WriteOperation
  public DeadLettersActionDescriptor actOnOne(
      @Selector String kind, @Selector String name, @Selector String action, @Selector String uid) {
    if (!kind.equals("queues")) {
      throw new BadEndpointRequestException(
          "Only queues have actions on one item; use queues/{name}/" + action + "/{uid}");
    }
    return known(() -> actOnQueue(control.queue(name), action, uid));
  }

  private DeadLettersActionDescriptor actOnQueue(
      SafeRedisQueue queue, String action, @Nullable String uid) {
    DeadLetterAction what =
        switch (action) {
          case "requeue-dead" -> DeadLetterAction.REQUEUE;
          case "purge-dead" -> DeadLetterAction.DELETE;
          default ->
              throw new BadEndpointRequestException(
                  "Unknown queue action '" + action + "'; use requeue-dead or purge-dead");
        };
    boolean all = uid == null || uid.isBlank();
    DeadLettersChanged changed =
        control.deadLetters(queue, what, all ? List.of() : List.of(uid.trim()));
    return new DeadLettersActionDescriptor(
        changed.queue(), action, all ? null : uid.trim(), changed.count(), changed.deadRemaining());
  }

  /**
   * One listener by its container's id, or the containers of all parts by the listener's own id.
   */
  private static Object describe(String id, List<SafeQueueListenerContainer> containers) {
    if (containers.size() == 1 && containers.get(0).getListenerId().equals(id)) {
      return describe(containers.get(0));
    }
    Map<String, ListenerDescriptor> described = new LinkedHashMap<>();
    containers.forEach(container -> described.put(container.getListenerId(), describe(container)));
    return described;
  }

  /** Runs the operation; an unknown queue, listener or action is a bad request naming it. */
  private static <T> T known(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (UnknownTargetException ex) {
      throw new BadEndpointRequestException(ex.getMessage());
    }
  }

  private static BadEndpointRequestException unknownKind(String kind) {
    return new BadEndpointRequestException("Unknown kind '" + kind + "'; use queues or listeners");
  }

  private static QueueDescriptor describe(SafeRedisQueue queue) {
    String autoclean = queue.settings().autocleanInterval().map(Object::toString).orElse(null);
    try {
      SafeRedisQueueStats stats = queue.admin().stats();
      return new QueueDescriptor(
          stats.waiting(),
          stats.inFlight(),
          stats.sizes().ackbuf(),
          stats.sizes().backup(),
          stats.delayed(),
          stats.dead(),
          stats.oldestAge() == null ? null : stats.oldestAgeSeconds(),
          autoclean,
          queue.settings().maxDeliveries(),
          null);
    } catch (RuntimeException ex) {
      return new QueueDescriptor(
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          autoclean,
          queue.settings().maxDeliveries(),
          ex.getMessage());
    }
  }

  private static @Nullable ServerDescriptor describeServer(SafeRedisQueue queue) {
    try {
      SafeRedisQueueServerInfo server = queue.admin().server();
      return new ServerDescriptor(
          server.version(),
          server.maxmemoryPolicy(),
          server.maxmemory(),
          server.usedMemory(),
          server.evictionRisk().orElse(null));
    } catch (RuntimeException ex) {
      return null; // each queue's descriptor says why Redis could not be read
    }
  }

  private static ListenerDescriptor describe(SafeQueueListenerContainer container) {
    ListenerState state = SafeRedisQueueControl.state(container);
    return new ListenerDescriptor(
        state.queue(),
        state.running(),
        state.paused(),
        state.concurrency(),
        state.activeHandlers(),
        state.maxDeliveries());
  }

  private static DeadLetterDescriptor describe(DeadLetter dead) {
    return new DeadLetterDescriptor(
        dead.uid(),
        dead.deliveries(),
        dead.deadAt().toString(),
        dead.reason(),
        dead.payload().length);
  }

  /**
   * The read operation's answer.
   *
   * @param redis where the queues' Redis is ({@code null} while there is no queue)
   * @param queues every queue handed out by the factory, by name (the shards of sharded queues
   *     included, by their names {@code {NAME-i}})
   * @param sharded every sharded queue by its logical name: its shards and their total
   * @param listeners every listener container, by listener id
   * @param server the Redis server's version and memory settings ({@code null} while there is no
   *     queue, or when they could not be read)
   */
  public record SafeRedisQueueDescriptor(
      @Nullable String redis,
      Map<String, QueueDescriptor> queues,
      Map<String, ShardedQueueDescriptor> sharded,
      Map<String, ListenerDescriptor> listeners,
      @Nullable ServerDescriptor server)
      implements OperationResponseBody {}

  /**
   * The queues' Redis server, read now.
   *
   * @param version its version ({@code unknown} when INFO is not allowed)
   * @param maxmemoryPolicy its maxmemory-policy, {@code null} when it could not be read
   * @param maxmemory its maxmemory in bytes (0: none, -1: unknown)
   * @param usedMemory its used memory in bytes (-1: unknown)
   * @param evictionRisk what the policy risks for the queues, {@code null} under noeviction
   */
  public record ServerDescriptor(
      String version,
      @Nullable String maxmemoryPolicy,
      long maxmemory,
      long usedMemory,
      @Nullable String evictionRisk) {}

  /**
   * One queue's state, read now in one script; the sizes are {@code null} and {@code error} says
   * why when Redis could not be read.
   *
   * @param waiting items waiting for delivery
   * @param inFlight items delivered and neither acked nor failed (ackbuf + backup)
   * @param ackbuf in-flight items of the young generation
   * @param backup in-flight items that survived one autoclean rotation
   * @param delayed items waiting for their due time
   * @param dead dead letters
   * @param oldestAgeSeconds age of the oldest waiting item, {@code null} when unknown
   * @param autocleanInterval ISO-8601 autoclean interval, {@code null} when disabled
   * @param maxDeliveries the queue's own maximum deliveries (0: unlimited)
   * @param error why the sizes are missing
   */
  public record QueueDescriptor(
      @Nullable Long waiting,
      @Nullable Long inFlight,
      @Nullable Long ackbuf,
      @Nullable Long backup,
      @Nullable Long delayed,
      @Nullable Long dead,
      @Nullable Double oldestAgeSeconds,
      @Nullable String autocleanInterval,
      int maxDeliveries,
      @Nullable String error)
      implements OperationResponseBody {}

  /**
   * One queue with its oldest dead letters.
   *
   * @param queue the queue's state
   * @param deadLetters at most {@value SafeRedisQueueEndpoint#DEAD_LETTER_LIMIT}, oldest first
   */
  public record QueueDetailsDescriptor(
      QueueDescriptor queue, List<DeadLetterDescriptor> deadLetters)
      implements OperationResponseBody {}

  /**
   * One dead letter, without its payload.
   *
   * @param uid its uid
   * @param deliveries deliveries it had
   * @param deadAt when it became a dead letter (ISO-8601)
   * @param reason why
   * @param payloadBytes size of its payload
   */
  public record DeadLetterDescriptor(
      String uid, int deliveries, String deadAt, String reason, int payloadBytes) {}

  /**
   * One listener container's state.
   *
   * @param queue the queue it consumes
   * @param running whether it has been started and not stopped
   * @param paused whether it is paused
   * @param concurrency consumer threads
   * @param activeHandlers handlers running now
   * @param maxDeliveries deliveries after which a failing item is dead-lettered (0: never)
   */
  public record ListenerDescriptor(
      String queue,
      boolean running,
      boolean paused,
      int concurrency,
      int activeHandlers,
      int maxDeliveries)
      implements OperationResponseBody {}

  /**
   * What a dead-letter action did.
   *
   * @param queue the queue
   * @param action {@code requeue-dead} or {@code purge-dead}
   * @param uid the one dead letter acted on, {@code null} for all
   * @param count how many dead letters were requeued or purged
   * @param deadRemaining dead letters left
   */
  public record DeadLettersActionDescriptor(
      String queue, String action, @Nullable String uid, long count, long deadRemaining)
      implements OperationResponseBody {}
}

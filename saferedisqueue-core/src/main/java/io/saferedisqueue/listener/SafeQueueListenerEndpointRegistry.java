package io.saferedisqueue.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Creates and owns the {@link SafeQueueListenerContainer}s of the listener endpoints (containers
 * are not beans), and is the one {@link SmartLifecycle} that runs them: it starts every container
 * whose auto-startup is on once the application context has been refreshed, and stops all of them
 * gracefully, in parallel, when the context closes. Single listeners can be started, stopped,
 * paused and resumed by id, for example from an admin endpoint.
 *
 * <p>Its phase ({@link #DEFAULT_PHASE} by default) is late, so containers start after, and stop
 * before, the beans they depend on such as the Redis connection factory.
 */
public class SafeQueueListenerEndpointRegistry implements SmartLifecycle, DisposableBean {

  /** Phase of the registry unless set otherwise: started late, stopped early. */
  public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

  private final Map<String, SafeQueueListenerContainer> containers = new LinkedHashMap<>();
  private final Map<String, SafeQueueListenerEndpoint> endpoints = new LinkedHashMap<>();
  private final Map<String, List<String>> groups = new LinkedHashMap<>();
  private int phase = DEFAULT_PHASE;
  private volatile boolean running;

  /**
   * Creates a container for the endpoint with the factory and keeps it under the endpoint's id; the
   * container is started when this registry starts (if its auto-startup is on).
   *
   * @throws IllegalStateException when a container with this id is already registered
   */
  public SafeQueueListenerContainer registerListenerContainer(
      SafeQueueListenerEndpoint endpoint, ListenerContainerFactory factory) {
    return registerListenerContainer(endpoint, factory, false);
  }

  /**
   * Creates a container for the endpoint with the factory and keeps it under the endpoint's id.
   * When the factory makes several containers for the endpoint (one per part of a queue of several
   * parts), each is kept under its own id ({@code <id>-0}, ...) and the endpoint's id names them
   * together: {@link #start(String)}, {@link #stop(String)}, {@link #pause(String)} and {@link
   * #resume(String)} with it act on all of them, and {@link #getListenerContainers(String)} lists
   * them; this method then returns the first.
   *
   * @param startImmediately whether to start the container now if this registry is running and the
   *     container's auto-startup is on (for endpoints registered after the context was refreshed)
   * @throws IllegalStateException when a container with this id is already registered
   */
  public SafeQueueListenerContainer registerListenerContainer(
      SafeQueueListenerEndpoint endpoint,
      ListenerContainerFactory factory,
      boolean startImmediately) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(factory, "factory");
    String id = endpoint.getId();
    List<SafeQueueListenerContainer> created;
    synchronized (containers) {
      SafeQueueListenerEndpoint existing = endpoints.get(id);
      if (existing != null || containers.containsKey(id)) {
        throw new IllegalStateException(
            "Listener id '"
                + id
                + "' is already used by "
                + (existing != null ? existing : containers.get(id))
                + "; ids must be unique");
      }
      created = factory.createListenerContainers(endpoint);
      for (SafeQueueListenerContainer container : created) {
        if (containers.containsKey(container.getListenerId())) {
          throw new IllegalStateException(
              "Listener id '"
                  + container.getListenerId()
                  + "' is already used; ids must be unique");
        }
      }
      for (SafeQueueListenerContainer container : created) {
        containers.put(container.getListenerId(), container);
      }
      endpoints.put(id, endpoint);
      if (created.size() != 1 || !created.get(0).getListenerId().equals(id)) {
        groups.put(id, created.stream().map(SafeQueueListenerContainer::getListenerId).toList());
      }
    }
    if (startImmediately && running) {
      for (SafeQueueListenerContainer container : created) {
        if (container.isAutoStartup()) {
          container.start();
        }
      }
    }
    return created.get(0);
  }

  /**
   * The containers of a listener id: the one registered under it, or, for an endpoint on a queue of
   * several parts, one per part; empty when the id is unknown.
   */
  public List<SafeQueueListenerContainer> getListenerContainers(String id) {
    synchronized (containers) {
      SafeQueueListenerContainer container = containers.get(id);
      if (container != null) {
        return List.of(container);
      }
      return groups.getOrDefault(id, List.of()).stream().map(containers::get).toList();
    }
  }

  /** The container of this listener id, or {@code null} when there is none. */
  public @Nullable SafeQueueListenerContainer getListenerContainer(String id) {
    synchronized (containers) {
      return containers.get(id);
    }
  }

  /** All containers, in the order they were registered. */
  public Collection<SafeQueueListenerContainer> getListenerContainers() {
    synchronized (containers) {
      return List.copyOf(containers.values());
    }
  }

  /** The ids of all containers, in the order they were registered. */
  public Set<String> getListenerContainerIds() {
    synchronized (containers) {
      return new LinkedHashSet<>(containers.keySet());
    }
  }

  /**
   * Starts the container (or its parts' containers) of this listener id (whatever its
   * auto-startup); does nothing when it is running.
   *
   * @throws IllegalArgumentException naming the known ids when there is no such listener
   */
  public void start(String id) {
    require(id).forEach(SafeQueueListenerContainer::start);
  }

  /**
   * Stops the container (or its parts' containers, in parallel) of this listener id gracefully (see
   * {@link SafeQueueListenerContainer#stop()}); returns when it has stopped or its shutdown timeout
   * has passed.
   *
   * @throws IllegalArgumentException naming the known ids when there is no such listener
   */
  public void stop(String id) {
    List<ListenerRun> stopping = new ArrayList<>();
    long now = System.nanoTime();
    for (SafeQueueListenerContainer container : require(id)) {
      ListenerRun run = container.beginStop();
      if (run != null) {
        stopping.add(run);
      }
    }
    for (ListenerRun run : stopping) {
      run.awaitStop(now + run.settings().shutdownTimeout().toNanos());
    }
  }

  /**
   * Pauses the container (or its parts' containers) of this listener id: it stops fetching, running
   * handlers finish.
   *
   * @throws IllegalArgumentException naming the known ids when there is no such listener
   */
  public void pause(String id) {
    require(id).forEach(SafeQueueListenerContainer::pause);
  }

  /**
   * Resumes the container (or its parts' containers) of this listener id after {@link
   * #pause(String)}.
   *
   * @throws IllegalArgumentException naming the known ids when there is no such listener
   */
  public void resume(String id) {
    require(id).forEach(SafeQueueListenerContainer::resume);
  }

  private List<SafeQueueListenerContainer> require(String id) {
    List<SafeQueueListenerContainer> found = getListenerContainers(id);
    if (found.isEmpty()) {
      Set<String> known;
      synchronized (containers) {
        known = new LinkedHashSet<>(containers.keySet());
        known.addAll(groups.keySet());
      }
      throw new IllegalArgumentException(
          "No listener with id "
              + AbstractSafeQueueListenerEndpoint.quote(id)
              + "; known ids: "
              + known);
    }
    return found;
  }

  // ---------------------------------------------------------------- SmartLifecycle

  /** Starts every container whose auto-startup is on. */
  @Override
  public void start() {
    running = true;
    for (SafeQueueListenerContainer container : getListenerContainers()) {
      if (container.isAutoStartup()) {
        container.start();
      }
    }
  }

  /**
   * Stops all containers gracefully and in parallel: all stop fetching at once, then this waits for
   * each up to its shutdown timeout (so the whole stop takes about the longest timeout, not their
   * sum).
   */
  @Override
  public void stop() {
    running = false;
    List<ListenerRun> stopping = new ArrayList<>();
    long now = System.nanoTime();
    for (SafeQueueListenerContainer container : getListenerContainers()) {
      ListenerRun run = container.beginStop();
      if (run != null) {
        stopping.add(run);
      }
    }
    for (ListenerRun run : stopping) {
      run.awaitStop(now + run.settings().shutdownTimeout().toNanos());
    }
  }

  /** As {@link #stop()}, then runs the callback. */
  @Override
  public void stop(Runnable callback) {
    try {
      stop();
    } finally {
      callback.run();
    }
  }

  /** Whether this registry has been started and not stopped. */
  @Override
  public boolean isRunning() {
    return running;
  }

  /** Always true: the registry starts with the context; containers have their own setting. */
  @Override
  public boolean isAutoStartup() {
    return true;
  }

  @Override
  public int getPhase() {
    return phase;
  }

  /** Lifecycle phase of the registry (default {@link #DEFAULT_PHASE}). */
  public void setPhase(int phase) {
    this.phase = phase;
  }

  /** Stops whatever is still running, for contexts closed without a lifecycle stop. */
  @Override
  public void destroy() {
    stop();
  }
}

package io.saferedisqueue.localredis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of {@code redis-server} processes on this machine: a number of primaries, each
 * with a number of replicas, on free ports of 127.0.0.1 below 55535 (each node's cluster bus is its
 * port plus 10000). {@link #start()} assigns the 16384 slots evenly to the primaries, joins the
 * nodes, attaches the replicas and returns once every node reports {@code cluster_state:ok} and
 * every replica's link to its primary is up.
 *
 * <p>The nodes run with a short {@code cluster-node-timeout} (one second unless set otherwise) and
 * {@code cluster-replica-validity-factor 0}, so that {@link #killPrimaryOwning(String)} (SIGKILL,
 * as a crash) is followed within a few seconds by the promotion of one of the primary's replicas.
 * Replication is asynchronous, as in production: writes the killed primary acknowledged but had not
 * yet sent to its replica are lost unless the writer waited for them ({@code WAIT}).
 *
 * <p>The harness talks to the nodes over plain sockets of its own, so it needs no client library;
 * {@link #close()} kills every node and deletes their directories.
 */
public final class LocalRedisCluster implements AutoCloseable {

  /** Number of hash slots of a Redis Cluster. */
  public static final int SLOT_COUNT = 16384;

  /** Highest port a node may get: its bus port (port + 10000) must exist too. */
  static final int HIGHEST_PORT = 55534;

  private final int primaryCount;
  private final int replicasPerPrimary;
  private final Duration nodeTimeout;
  private final List<LocalRedisServer> nodes = new ArrayList<>();

  private LocalRedisCluster(Builder builder) {
    this.primaryCount = builder.primaries;
    this.replicasPerPrimary = builder.replicasPerPrimary;
    this.nodeTimeout = builder.nodeTimeout;
  }

  /** A builder for the defaults: three primaries, one replica each, a one-second node timeout. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the processes, forms the cluster and waits until it is healthy.
   *
   * @throws IllegalStateException when a node does not start or the cluster does not settle within
   *     30 seconds; the message says what was still missing
   */
  public synchronized LocalRedisCluster start() {
    if (!nodes.isEmpty()) {
      return this;
    }
    try {
      startNodes();
      assignSlotsAndMeet();
      attachReplicas();
      awaitHealthy("the cluster to form", List.copyOf(nodes));
      return this;
    } catch (RuntimeException ex) {
      close();
      throw ex;
    }
  }

  private void startNodes() {
    int total = primaryCount * (1 + replicasPerPrimary);
    for (int i = 0; i < total; i++) {
      nodes.add(
          LocalRedisServer.builder()
              .port(clusterPort())
              .args(
                  "--cluster-enabled",
                  "yes",
                  "--cluster-config-file",
                  "nodes.conf",
                  "--cluster-node-timeout",
                  Long.toString(nodeTimeout.toMillis()),
                  "--cluster-replica-validity-factor",
                  "0",
                  // Replicas attach at once instead of after the default five-second delay.
                  "--repl-diskless-sync-delay",
                  "0")
              .build()
              .start());
    }
  }

  private void assignSlotsAndMeet() {
    int perPrimary = SLOT_COUNT / primaryCount;
    for (int i = 0; i < primaryCount; i++) {
      int first = i * perPrimary;
      int last = i == primaryCount - 1 ? SLOT_COUNT - 1 : first + perPrimary - 1;
      RespCommand.call(
          nodes.get(i).port(),
          "CLUSTER",
          "ADDSLOTSRANGE",
          Integer.toString(first),
          Integer.toString(last));
    }
    int firstPort = nodes.get(0).port();
    for (LocalRedisServer node : nodes.subList(1, nodes.size())) {
      RespCommand.call(firstPort, "CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port()));
    }
    await(
        "every node to know all " + nodes.size() + " nodes",
        () -> nodes.stream().allMatch(node -> knowsAllNodes(node.port())));
  }

  private boolean knowsAllNodes(int port) {
    List<ClusterView.ClusterNode> known = ClusterView.clusterNodes(port);
    return known.size() == nodes.size()
        && known.stream().noneMatch(n -> n.flags().contains("handshake"));
  }

  private void attachReplicas() {
    for (int p = 0; p < primaryCount; p++) {
      String primaryId = RespCommand.string(nodes.get(p).port(), "CLUSTER", "MYID");
      for (int r = 0; r < replicasPerPrimary; r++) {
        int replicaPort = nodes.get(primaryCount + p * replicasPerPrimary + r).port();
        RespCommand.call(replicaPort, "CLUSTER", "REPLICATE", primaryId);
      }
    }
    await(
        "every replica's link to its primary",
        () ->
            nodes.subList(primaryCount, nodes.size()).stream()
                .allMatch(
                    node ->
                        RespCommand.string(node.port(), "INFO", "replication")
                            .contains("master_link_status:up")));
  }

  /** A free port below 55535 whose bus port (10000 higher) is free as well. */
  private static int clusterPort() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = LocalRedisServer.freePort();
      if (port <= HIGHEST_PORT && isFree(port + 10_000)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "No free port pair (port, port + 10000) with port <= " + HIGHEST_PORT);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return socket.isBound();
    } catch (IOException ex) {
      return false;
    }
  }

  /** Every node, primaries first (in start order), whether running or killed. */
  public synchronized List<LocalRedisServer> nodes() {
    return List.copyOf(nodes);
  }

  /**
   * {@code 127.0.0.1:port} of every node, comma-separated, for {@code
   * spring.data.redis.cluster.nodes}.
   */
  public synchronized String nodeAddresses() {
    return nodes.stream()
        .map(node -> node.host() + ":" + node.port())
        .collect(Collectors.joining(","));
  }

  /** The {@code cluster-node-timeout} the nodes run with. */
  public Duration nodeTimeout() {
    return nodeTimeout;
  }

  /** The node that serves this slot now, as the running nodes see it. */
  public synchronized LocalRedisServer primaryOwning(int slot) {
    checkSlot(slot);
    int port = ClusterView.ownerPort(slot, anyRunningPort());
    return byPort(port);
  }

  /** The node that serves this key's slot now (the hash tag decides, as in Redis). */
  public LocalRedisServer primaryOwning(String key) {
    return primaryOwning(slot(key));
  }

  /**
   * Kills (SIGKILL) the primary that serves this key's slot and waits until one of its replicas is
   * promoted and every running node reports {@code cluster_state:ok} with the new owner.
   *
   * @return the promoted node
   */
  public LocalRedisServer killPrimaryOwning(String key) {
    return killPrimaryOwning(slot(key));
  }

  /** As {@link #killPrimaryOwning(String)}, by slot. */
  public synchronized LocalRedisServer killPrimaryOwning(int slot) {
    checkSlot(slot);
    LocalRedisServer victim = byPort(ClusterView.ownerPort(slot, anyRunningPort()));
    victim.kill();
    List<LocalRedisServer> running = nodes.stream().filter(LocalRedisServer::isRunning).toList();
    await(
        "a replica of port " + victim.port() + " to take over slot " + slot,
        () -> running.stream().allMatch(node -> servesElsewhere(node.port(), slot, victim.port())));
    awaitHealthy("the cluster to be healthy again after killing port " + victim.port(), running);
    return byPort(ClusterView.ownerPort(slot, running.get(0).port()));
  }

  private boolean servesElsewhere(int port, int slot, int victimPort) {
    int owner = ClusterView.ownerPort(slot, port);
    return owner != -1 && owner != victimPort;
  }

  /** Kills (SIGKILL) every node, as a data centre losing power would. */
  public synchronized void killAll() {
    nodes.forEach(LocalRedisServer::kill);
  }

  /** Kills every node and deletes their working directories. */
  @Override
  public synchronized void close() {
    for (LocalRedisServer node : nodes) {
      node.kill();
      node.close();
    }
  }

  /**
   * The cluster slot of a key: CRC16 (XMODEM) of the key, or of the hash tag within its first
   * {@code {...}} when that is not empty, modulo 16384.
   */
  public static int slot(String key) {
    return ClusterView.slot(key);
  }

  private static void checkSlot(int slot) {
    if (slot < 0 || slot >= SLOT_COUNT) {
      throw new IllegalArgumentException("slot must be 0.." + (SLOT_COUNT - 1) + ", was " + slot);
    }
  }

  private int anyRunningPort() {
    return nodes.stream()
        .filter(LocalRedisServer::isRunning)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No node of the cluster is running"))
        .port();
  }

  private LocalRedisServer byPort(int port) {
    return nodes.stream()
        .filter(node -> node.port() == port)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No node of this cluster has port " + port));
  }

  private void awaitHealthy(String what, List<LocalRedisServer> expected) {
    await(
        what,
        () ->
            expected.stream()
                .allMatch(
                    node ->
                        RespCommand.string(node.port(), "CLUSTER", "INFO")
                            .contains("cluster_state:ok")));
  }

  private void await(String what, BooleanSupplier condition) {
    Settling.await(what, condition, () -> "; the nodes say: " + describeNodes());
  }

  private String describeNodes() {
    Map<Integer, String> views = new LinkedHashMap<>();
    for (LocalRedisServer node : nodes) {
      if (!node.isRunning()) {
        views.put(node.port(), "killed");
        continue;
      }
      try {
        views.put(node.port(), RespCommand.string(node.port(), "CLUSTER", "NODES").trim());
      } catch (RuntimeException ex) {
        views.put(node.port(), ex.getMessage());
      }
    }
    return views.toString();
  }

  /** Optional settings of a {@link LocalRedisCluster}. */
  public static final class Builder {
    private int primaries = 3;
    private int replicasPerPrimary = 1;
    private Duration nodeTimeout = Duration.ofSeconds(1);

    private Builder() {}

    /** Number of primaries (1 to 16), each serving an equal share of the slots. */
    public Builder primaries(int count) {
      if (count < 1 || count > 16) {
        throw new IllegalArgumentException("primaries must be 1..16, was " + count);
      }
      this.primaries = count;
      return this;
    }

    /** Number of replicas of each primary (0 to 4); failover needs at least one. */
    public Builder replicasPerPrimary(int count) {
      if (count < 0 || count > 4) {
        throw new IllegalArgumentException("replicasPerPrimary must be 0..4, was " + count);
      }
      this.replicasPerPrimary = count;
      return this;
    }

    /**
     * {@code cluster-node-timeout}: how long a node may not answer before it counts as failing (100
     * ms to 60 s); a failover takes about two of these.
     */
    public Builder nodeTimeout(Duration timeout) {
      if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException(
            "nodeTimeout must be between 100 ms and 60 s, was " + timeout);
      }
      this.nodeTimeout = timeout;
      return this;
    }

    /** Creates the cluster without starting it. */
    public LocalRedisCluster build() {
      return new LocalRedisCluster(this);
    }
  }
}

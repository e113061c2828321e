package io.saferedisqueue.localredis;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A primary, its replica and three Sentinels watching them, as {@code redis-server} processes on
 * free ports of 127.0.0.1. {@link #start()} returns once the replica's link is up and every
 * Sentinel names the primary and knows the replica and the other two Sentinels.
 *
 * <p>The Sentinels count the primary down after a short {@code down-after-milliseconds} (one second
 * unless set otherwise) and need two of three to agree, so that {@link #killPrimary()} (SIGKILL, as
 * a crash) is followed within a few seconds by the promotion of the replica. Replication is
 * asynchronous: writes the killed primary acknowledged but had not yet sent are lost. {@link
 * #close()} kills every process and deletes their directories.
 */
public final class LocalRedisSentinel implements AutoCloseable {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  private final String masterName;
  private final Duration downAfter;
  private final List<LocalRedisServer> dataNodes = new ArrayList<>();
  private final List<LocalRedisServer> sentinels = new ArrayList<>();

  private LocalRedisSentinel(Builder builder) {
    this.masterName = builder.masterName;
    this.downAfter = builder.downAfter;
  }

  /** A builder for the defaults: master name {@code mymaster}, one second down-after. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the primary, the replica and the Sentinels and waits until they know each other.
   *
   * @throws IllegalStateException when a process does not start or the Sentinels do not settle
   *     within 30 seconds
   */
  public synchronized LocalRedisSentinel start() {
    if (!dataNodes.isEmpty()) {
      return this;
    }
    try {
      LocalRedisServer primary = LocalRedisServer.builder().args(replicationArgs()).build().start();
      dataNodes.add(primary);
      LocalRedisServer replica =
          LocalRedisServer.builder()
              .args(replicationArgs())
              .args("--replicaof", primary.host(), Integer.toString(primary.port()))
              .build()
              .start();
      dataNodes.add(replica);
      await(
          "the replica's link to the primary",
          () ->
              RespCommand.string(replica.port(), "INFO", "replication")
                  .contains("master_link_status:up"));
      for (int i = 0; i < 3; i++) {
        sentinels.add(
            LocalRedisServer.builder().sentinel(sentinelConfig(primary.port())).build().start());
      }
      await(
          "every Sentinel to know the replica and the two other Sentinels",
          () -> sentinels.stream().allMatch(this::settled));
      return this;
    } catch (RuntimeException ex) {
      close();
      throw ex;
    }
  }

  private static String[] replicationArgs() {
    // A replica attaches at once instead of after the default five-second delay.
    return new String[] {"--repl-diskless-sync-delay", "0"};
  }

  private String sentinelConfig(int primaryPort) {
    long downAfterMillis = downAfter.toMillis();
    return String.join(
        "\n",
        "sentinel monitor " + masterName + " 127.0.0.1 " + primaryPort + " 2",
        "sentinel down-after-milliseconds " + masterName + " " + downAfterMillis,
        "sentinel failover-timeout " + masterName + " " + Math.max(3000, 3 * downAfterMillis),
        "sentinel parallel-syncs " + masterName + " 1",
        "");
  }

  private boolean settled(LocalRedisServer sentinel) {
    List<?> master = (List<?>) RespCommand.call(sentinel.port(), "SENTINEL", "MASTER", masterName);
    if (master == null) {
      return false;
    }
    return "1".equals(field(master, "num-slaves"))
        && "2".equals(field(master, "num-other-sentinels"));
  }

  private static @Nullable String field(List<?> flat, String name) {
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      if (name.equals(flat.get(i))) {
        return String.valueOf(flat.get(i + 1));
      }
    }
    return null;
  }

  /**
   * Name under which the Sentinels monitor the primary ({@code spring.data.redis.sentinel.master}).
   */
  public String masterName() {
    return masterName;
  }

  /**
   * {@code 127.0.0.1:port} of the three Sentinels, comma-separated ({@code
   * spring.data.redis.sentinel.nodes}).
   */
  public synchronized String sentinelAddresses() {
    return sentinels.stream()
        .map(sentinel -> sentinel.host() + ":" + sentinel.port())
        .collect(Collectors.joining(","));
  }

  /** The three Sentinel processes. */
  public synchronized List<LocalRedisServer> sentinels() {
    return List.copyOf(sentinels);
  }

  /** The primary and the replica, in start order, whether running or killed. */
  public synchronized List<LocalRedisServer> dataNodes() {
    return List.copyOf(dataNodes);
  }

  /** The data node that the first Sentinel that answers names as the primary now. */
  public synchronized LocalRedisServer primary() {
    return byPort(masterPort(anyRunningSentinel()));
  }

  /**
   * Kills (SIGKILL) the current primary and waits until every Sentinel names the replica as the new
   * primary and the replica says it is one.
   *
   * @return the promoted node
   */
  public synchronized LocalRedisServer killPrimary() {
    LocalRedisServer victim = primary();
    victim.kill();
    await(
        "the Sentinels to promote a replica of port " + victim.port(),
        () ->
            sentinels.stream()
                .filter(LocalRedisServer::isRunning)
                .allMatch(sentinel -> masterPort(sentinel) != victim.port()));
    LocalRedisServer promoted = primary();
    await(
        "port " + promoted.port() + " to act as primary",
        () -> RespCommand.string(promoted.port(), "INFO", "replication").contains("role:master"));
    return promoted;
  }

  /** Kills (SIGKILL) every data node and every Sentinel. */
  public synchronized void killAll() {
    dataNodes.forEach(LocalRedisServer::kill);
    sentinels.forEach(LocalRedisServer::kill);
  }

  /** Kills every process and deletes their working directories. */
  @Override
  public synchronized void close() {
    for (LocalRedisServer server : sentinels) {
      server.kill();
      server.close();
    }
    for (LocalRedisServer server : dataNodes) {
      server.kill();
      server.close();
    }
  }

  private int masterPort(LocalRedisServer sentinel) {
    List<?> address =
        (List<?>)
            RespCommand.call(sentinel.port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
    if (address == null || address.size() != 2) {
      throw new IllegalStateException(
          "Sentinel on port " + sentinel.port() + " does not know master '" + masterName + "'");
    }
    return Integer.parseInt(String.valueOf(address.get(1)));
  }

  private LocalRedisServer anyRunningSentinel() {
    return sentinels.stream()
        .filter(LocalRedisServer::isRunning)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No Sentinel is running"));
  }

  private LocalRedisServer byPort(int port) {
    return dataNodes.stream()
        .filter(node -> node.port() == port)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No data node has port " + port));
  }

  private void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    @Nullable RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RespCommand.RedisErrorReply | UncheckedIOException | IllegalStateException ex) {
        last = ex;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + what, ex);
      }
    }
    throw new IllegalStateException(
        "Waited "
            + SETTLE_TIMEOUT.toSeconds()
            + " s in vain for "
            + what
            + (last == null ? "" : "; last error: " + last.getMessage()));
  }

  /** Optional settings of a {@link LocalRedisSentinel}. */
  public static final class Builder {
    private String masterName = "mymaster";
    private Duration downAfter = Duration.ofSeconds(1);

    private Builder() {}

    /** Name the Sentinels monitor the primary under (letters, digits, '-', '_', '.'). */
    public Builder masterName(String name) {
      if (!name.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException(
            "masterName must be letters, digits, '.', '_' or '-', was '" + name + "'");
      }
      this.masterName = name;
      return this;
    }

    /** {@code down-after-milliseconds}: 100 ms to 60 s. */
    public Builder downAfter(Duration downAfter) {
      if (downAfter.toMillis() < 100 || downAfter.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException(
            "downAfter must be between 100 ms and 60 s, was " + downAfter);
      }
      this.downAfter = downAfter;
      return this;
    }

    /** Creates the processes' settings without starting them. */
    public LocalRedisSentinel build() {
      return new LocalRedisSentinel(this);
    }
  }
}

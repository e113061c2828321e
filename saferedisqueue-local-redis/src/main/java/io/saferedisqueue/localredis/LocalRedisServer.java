package io.saferedisqueue.localredis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} process on this machine, started on a free port of 127.0.0.1 with a
 * private working directory and no persistence unless asked for.
 *
 * <p>The binary is, in order: the file named by the environment variable {@code
 * SAFEREDISQUEUE_REDIS_SERVER}, {@code redis-server} on the {@code PATH}, or the binary that the
 * {@code com.github.codemonstur:embedded-redis} jar ships for this platform. {@link #start()}
 * returns once the server answers {@code PING}; {@link #stop()} waits for the process to end.
 * {@link #kill()} ends it with SIGKILL and {@link #restart()} starts it again on the same port and
 * directory, so fault tests can simulate crashes and outages.
 */
public final class LocalRedisServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final List<String> extraArgs;
  private final Path directory;
  private final @Nullable Path unixSocket;
  private final @Nullable String password;
  private final int port;
  private final boolean shippedBinary;
  private final @Nullable Path sentinelConfig;
  private @Nullable Process process;

  private LocalRedisServer(Builder builder) {
    try {
      this.directory = Files.createTempDirectory("saferedisqueue-redis-");
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot create a working directory for redis-server", ex);
    }
    this.port = builder.port != 0 ? builder.port : freePort();
    this.extraArgs = List.copyOf(builder.args);
    this.password = builder.password;
    this.unixSocket = builder.unixSocket ? directory.resolve("redis.sock") : null;
    this.shippedBinary = builder.shippedBinary;
    String sentinel = builder.sentinelConfig;
    this.sentinelConfig = sentinel == null ? null : writeSentinelConfig(directory, sentinel);
  }

  private static Path writeSentinelConfig(Path directory, String configuration) {
    Path file = directory.resolve("sentinel.conf");
    try {
      return Files.writeString(file, configuration, StandardCharsets.UTF_8);
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot write " + file, ex);
    }
  }

  /** Returns a builder for a server with the defaults: a free port, no password, no persistence. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server with the defaults and waits until it answers. */
  public static LocalRedisServer startDefault() {
    return builder().build().start();
  }

  /**
   * Starts the process and waits until it answers {@code PING}.
   *
   * @throws IllegalStateException when no binary can be found or the server does not come up; the
   *     message says what to install and includes the server's own output
   */
  public synchronized LocalRedisServer start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    List<String> command = new ArrayList<>();
    command.add(
        (shippedBinary ? RedisServerBinary.shipped() : RedisServerBinary.locate()).toString());
    if (sentinelConfig != null) {
      // Sentinel mode wants its (writable) configuration file before every other argument.
      command.addAll(List.of(sentinelConfig.toString(), "--sentinel"));
    }
    command.addAll(
        List.of(
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            directory.toString(),
            "--save",
            "",
            "--daemonize",
            "no",
            "--logfile",
            ""));
    if (!extraArgs.contains("--appendonly")) {
      command.addAll(List.of("--appendonly", "no"));
    }
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    if (unixSocket != null) {
      command.addAll(List.of("--unixsocket", unixSocket.toString(), "--unixsocketperm", "700"));
    }
    command.addAll(extraArgs);
    Path log = directory.resolve("redis.log");
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException ex) {
      throw new IllegalStateException("Cannot start " + String.join(" ", command), ex);
    }
    awaitReady(log);
    return this;
  }

  private void awaitReady(Path log) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Process current = process;
      if (current == null || !current.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited while starting on port " + port + ": " + readLog(log));
      }
      if (answersPing()) {
        return;
      }
      sleep(20);
    }
    throw new IllegalStateException(
        "redis-server did not answer on port "
            + port
            + " within "
            + START_TIMEOUT
            + ": "
            + readLog(log));
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      // A password-protected server answers NOAUTH, which still means it is up.
      return reply != null && (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
    } catch (IOException ex) {
      return false;
    }
  }

  /** Stops the server (SIGTERM) and waits for the process to end. */
  public synchronized void stop() {
    Process current = process;
    if (current == null) {
      return;
    }
    current.destroy();
    waitFor(current);
    process = null;
  }

  /** Kills the server with SIGKILL, as a crash would, and waits for the process to end. */
  public synchronized void kill() {
    Process current = process;
    if (current == null) {
      return;
    }
    current.destroyForcibly();
    waitFor(current);
    process = null;
  }

  /** Starts the server again on the same port and directory (keeping an append-only file). */
  public LocalRedisServer restart() {
    stop();
    return start();
  }

  /** Whether the process is running. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the server and deletes its working directory. */
  @Override
  public void close() {
    stop();
    deleteRecursively(directory);
  }

  /** TCP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Host name clients should use. */
  public String host() {
    return "127.0.0.1";
  }

  /** Password given with {@code --requirepass}, if any. */
  public @Nullable String password() {
    return password;
  }

  /** Unix socket path when the server was built with {@link Builder#unixSocket()}. */
  public @Nullable Path unixSocket() {
    return unixSocket;
  }

  /** {@code redis://[:password@]127.0.0.1:port/0}. */
  public String url() {
    String auth = password == null ? "" : ":" + password + "@";
    return "redis://" + auth + host() + ":" + port + "/0";
  }

  /** Working directory of the server (its log and any append-only file live here). */
  public Path directory() {
    return directory;
  }

  /** Returns a TCP port that was free a moment ago on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot find a free port", ex);
    }
  }

  private static String readLog(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException ex) {
      return "(no log: " + ex.getMessage() + ")";
    }
  }

  private static void waitFor(Process process) {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for redis-server", ex);
    }
  }

  private static void deleteRecursively(Path path) {
    try (var paths = Files.walk(path)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ex) {
      // A leftover temporary directory is harmless.
    }
  }

  /** Optional settings of a {@link LocalRedisServer}. */
  public static final class Builder {
    private int port;
    private final List<String> args = new ArrayList<>();
    private @Nullable String password;
    private boolean unixSocket;
    private boolean shippedBinary;
    private @Nullable String sentinelConfig;

    private Builder() {}

    /** Fixed port instead of a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Requires this password ({@code --requirepass}). */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** Also listens on a unix socket in the server's directory. */
    public Builder unixSocket() {
      this.unixSocket = true;
      return this;
    }

    /**
     * Runs the binary that the embedded-redis jar ships for this platform (Redis 6.2) whatever is
     * on the {@code PATH}, to test against a Redis older than 7.0.
     */
    public Builder shippedBinary() {
      this.shippedBinary = true;
      return this;
    }

    /** Keeps an append-only file so that a restart finds the data again. */
    public Builder appendOnly() {
      return args("--appendonly", "yes", "--appendfsync", "always");
    }

    /** Any further {@code redis-server} arguments, such as {@code "--cluster-enabled", "yes"}. */
    public Builder args(String... arguments) {
      args.addAll(List.of(arguments));
      return this;
    }

    /**
     * Runs a Sentinel instead of a data node, with this initial configuration file (Sentinel
     * rewrites it as it learns the topology).
     */
    Builder sentinel(String configuration) {
      this.sentinelConfig = configuration;
      return this;
    }

    /** Creates the server without starting it. */
    public LocalRedisServer build() {
      return new LocalRedisServer(this);
    }
  }
}

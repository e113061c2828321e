package io.saferedisqueue.sample;

import io.saferedisqueue.localredis.LocalRedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets the demo run on a machine with only a JDK: when no Redis was configured (none of {@code
 * saferedisqueue.url} and {@code spring.data.redis.url/host/port/sentinel/cluster} is set) and
 * nothing answers at the default {@code localhost:6379}, it starts a local {@code redis-server}
 * (from the {@code PATH} or the one shipped in the embedded-redis jar) on a free port, points
 * {@code spring.data.redis.host/port} at it and says so in the log. The server stops when the
 * application context closes, after the listeners have stopped (on SIGTERM too: Spring Boot's
 * shutdown hook closes the context), or, when no context was created, when the JVM exits.
 *
 * <p>Set {@code sample.local-redis.enabled=false} to turn it off; the command line does. {@code
 * sample.local-redis.probe-port} (default 6379) is the local port probed for a running Redis.
 */
public final class LocalRedisFallback implements EnvironmentPostProcessor, Ordered {

  /** Name of the property source that points Spring Data Redis at the started server. */
  static final String PROPERTY_SOURCE_NAME = "saferedisqueue-sample-local-redis";

  private static final List<String> EXPLICIT_REDIS_PROPERTIES =
      List.of(
          "saferedisqueue.url",
          "spring.data.redis.url",
          "spring.data.redis.host",
          "spring.data.redis.port",
          "spring.data.redis.sentinel.master",
          "spring.data.redis.sentinel.nodes",
          "spring.data.redis.cluster.nodes");

  private final Log logger;
  private final int defaultPort;
  private final Consumer<Thread> shutdownHooks;

  /** Creates the post-processor; Spring Boot calls this. */
  public LocalRedisFallback(DeferredLogFactory logFactory) {
    this(logFactory, 6379, Runtime.getRuntime()::addShutdownHook);
  }

  /**
   * @param shutdownHooks registers the JVM shutdown hook that stops a server no context took over
   */
  LocalRedisFallback(
      DeferredLogFactory logFactory, int defaultPort, Consumer<Thread> shutdownHooks) {
    this.logger = logFactory.getLog(LocalRedisFallback.class);
    this.defaultPort = defaultPort;
    this.shutdownHooks = shutdownHooks;
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getProperty("sample.local-redis.enabled", Boolean.class, true)) {
      return;
    }
    for (String property : EXPLICIT_REDIS_PROPERTIES) {
      if (environment.containsProperty(property)) {
        return;
      }
    }
    int port = environment.getProperty("sample.local-redis.probe-port", Integer.class, defaultPort);
    if (answersPing("localhost", port)) {
      return;
    }
    LocalRedisServer server;
    try {
      server = LocalRedisServer.startDefault();
    } catch (RuntimeException ex) {
      logger.warn(
          "No Redis answers at localhost:"
              + port
              + " and none was configured, and a local redis-server could not be started: "
              + ex.getMessage());
      return;
    }
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                PROPERTY_SOURCE_NAME,
                Map.of(
                    "spring.data.redis.host", server.host(),
                    "spring.data.redis.port", server.port())));
    logger.warn(
        "No Redis answers at localhost:"
            + port
            + " and none was configured (spring.data.redis.* or saferedisqueue.url): started a"
            + " local redis-server for this demo at "
            + server.url()
            + "; it stops when the application exits");
    // The context stops the server after its listeners (they still need it while they stop). A
    // JVM shutdown hook of its own would run beside Spring Boot's and stop it first; it is only
    // the fallback for a start that fails before any context took the server over.
    AtomicBoolean owned = new AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              if (!owned.get()) {
                server.close();
              }
            },
            "saferedisqueue-sample-local-redis-stop");
    shutdownHooks.accept(hook);
    application.addInitializers(
        context -> {
          // Registered before any bean, so destroyed after all of them (listeners included).
          if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerDisposableBean(PROPERTY_SOURCE_NAME, (DisposableBean) server::close);
            owned.set(true);
          }
        });
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE; // after the configuration files were read
  }

  /** Whether a Redis (answering PING with PONG or an authentication error) listens there. */
  static boolean answersPing(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 300);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      int first = in.read();
      return first == '+' || first == '-';
    } catch (IOException ex) {
      return false;
    }
  }
}

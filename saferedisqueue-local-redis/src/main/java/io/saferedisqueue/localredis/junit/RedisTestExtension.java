package io.saferedisqueue.localredis.junit;

import io.saferedisqueue.localredis.LocalRedisServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a real Redis and injects it as a {@link RedisTestServer} parameter (in
 * constructors, lifecycle methods and test methods).
 *
 * <p>Where it comes from, in order: the environment variable {@code SAFEREDISQUEUE_TEST_REDIS_URL};
 * a Testcontainers {@code redis:7} container when a Docker engine answers; otherwise a {@code
 * redis-server} process on a free port (see {@link LocalRedisServer}). It never skips a test:
 * without any of these it fails saying what to install. The server is stopped when the test class
 * ends.
 */
public final class RedisTestExtension implements BeforeAllCallback, ParameterResolver {

  /** Environment variable naming an existing Redis to test against instead. */
  public static final String URL_VARIABLE = "SAFEREDISQUEUE_TEST_REDIS_URL";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisTestExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisTestServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return server(context);
  }

  private static RedisTestServer server(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(NAMESPACE)
        .computeIfAbsent("server", key -> startServer(), ProvidedServer.class);
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static ProvidedServer startServer() {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return new ProvidedServer(url, URL_VARIABLE + "=" + url, null);
    }
    ProvidedServer container = ContainerSupport.tryStart();
    if (container != null) {
      return container;
    }
    LocalRedisServer server = LocalRedisServer.startDefault();
    return new ProvidedServer(
        server.url(), "local redis-server on port " + server.port(), server::close);
  }

  /** A server plus what stops it; JUnit closes it with the class's store. */
  record ProvidedServer(String url, String description, @Nullable Runnable stopper)
      implements RedisTestServer, AutoCloseable {
    @Override
    public void close() {
      if (stopper != null) {
        stopper.run();
      }
    }
  }

  /** Testcontainers, only when it is on the class path and a Docker engine answers. */
  private static final class ContainerSupport {
    private static @Nullable Boolean dockerAvailable;

    private ContainerSupport() {}

    static @Nullable ProvidedServer tryStart() {
      if (!dockerAvailable()) {
        return null;
      }
      org.testcontainers.containers.GenericContainer<?> container =
          new org.testcontainers.containers.GenericContainer<>("redis:7-alpine")
              .withExposedPorts(6379);
      container.start();
      String url = "redis://" + container.getHost() + ":" + container.getMappedPort(6379) + "/0";
      return new ProvidedServer(
          url, "Testcontainers " + container.getDockerImageName(), container::stop);
    }

    private static synchronized boolean dockerAvailable() {
      if (dockerAvailable == null) {
        boolean available;
        try {
          Class.forName("org.testcontainers.DockerClientFactory");
          available = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (ClassNotFoundException | LinkageError ex) {
          available = false;
        }
        dockerAvailable = available;
      }
      return dockerAvailable;
    }
  }
}

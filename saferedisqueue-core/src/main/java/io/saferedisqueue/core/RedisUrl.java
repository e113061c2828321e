package io.saferedisqueue.core;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A Redis url as the Python library accepts it: {@code redis://[[user]:password@]host[:port][/db]},
 * {@code rediss://...} for TLS, and {@code unix://[[user]:password@]/path/to/socket.sock[?db=N]}.
 * The database may also be given as {@code ?db=N} on TCP urls. {@link #toString()} hides the
 * password.
 *
 * @param scheme {@code redis}, {@code rediss} or {@code unix}
 * @param host host name (TCP urls), else {@code null}
 * @param port port (TCP urls; 6379 when absent)
 * @param socketPath socket path (unix urls), else {@code null}
 * @param username ACL user name, if any
 * @param password password, if any
 * @param database database number, 0 to 2^31-1
 */
public record RedisUrl(
    String scheme,
    @Nullable String host,
    int port,
    @Nullable String socketPath,
    @Nullable String username,
    @Nullable String password,
    int database) {

  /** Longest wait between two attempts to reconnect a connection made from a url. */
  public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  private static final String FORMS =
      "expected redis://[[user]:password@]host[:port][/db], rediss://... (TLS) or"
          + " unix://[[user]:password@]/path/to/socket.sock[?db=N]";

  /**
   * Parses a url.
   *
   * @throws IllegalArgumentException naming the url (password hidden) and the accepted forms
   */
  public static RedisUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("Redis url must not be empty; " + FORMS);
    }
    String trimmed = url.trim();
    int schemeEnd = trimmed.indexOf("://");
    if (schemeEnd < 0) {
      throw invalid(trimmed, "no scheme");
    }
    String scheme = trimmed.substring(0, schemeEnd);
    return switch (scheme) {
      case "redis", "rediss" -> parseTcp(trimmed, scheme);
      case "unix" -> parseUnix(trimmed);
      default -> throw invalid(trimmed, "unknown scheme '" + scheme + "'");
    };
  }

  private static RedisUrl parseTcp(String url, String scheme) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException ex) {
      throw invalid(url, ex.getReason());
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw invalid(url, "no host");
    }
    int port = uri.getPort() == -1 ? 6379 : uri.getPort();
    String[] credentials = credentials(uri.getRawUserInfo());
    int database = 0;
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      database = parseDatabase(url, path.substring(1));
    }
    Integer queryDb = queryDatabase(url, uri.getRawQuery());
    if (queryDb != null) {
      database = queryDb;
    }
    return new RedisUrl(scheme, host, port, null, credentials[0], credentials[1], database);
  }

  private static RedisUrl parseUnix(String url) {
    String rest = url.substring("unix://".length());
    String query = null;
    int queryStart = rest.indexOf('?');
    if (queryStart >= 0) {
      query = rest.substring(queryStart + 1);
      rest = rest.substring(0, queryStart);
    }
    String userInfo = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
    }
    if (!rest.startsWith("/") || rest.length() < 2) {
      throw invalid(url, "the socket path must be absolute");
    }
    String[] credentials = credentials(userInfo);
    Integer queryDb = queryDatabase(url, query);
    return new RedisUrl(
        "unix", null, 0, rest, credentials[0], credentials[1], queryDb == null ? 0 : queryDb);
  }

  private static @Nullable String[] credentials(@Nullable String rawUserInfo) {
    if (rawUserInfo == null || rawUserInfo.isEmpty()) {
      return new String[] {null, null};
    }
    int colon = rawUserInfo.indexOf(':');
    if (colon < 0) {
      // redis-py reads a lone user-info part as the password.
      return new String[] {null, decode(rawUserInfo)};
    }
    String user = rawUserInfo.substring(0, colon);
    return new String[] {
      user.isEmpty() ? null : decode(user), decode(rawUserInfo.substring(colon + 1))
    };
  }

  private static @Nullable Integer queryDatabase(String url, @Nullable String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("db=")) {
        return parseDatabase(url, pair.substring(3));
      }
    }
    return null;
  }

  private static int parseDatabase(String url, String text) {
    try {
      int db = Integer.parseInt(text);
      if (db < 0) {
        throw invalid(url, "database '" + text + "' must be a number >= 0");
      }
      return db;
    } catch (NumberFormatException ex) {
      throw invalid(url, "database '" + text + "' must be a number >= 0");
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException invalid(String url, String reason) {
    return new IllegalArgumentException(
        "Invalid Redis url '" + mask(url) + "': " + reason + "; " + FORMS);
  }

  /** The url with any password replaced by {@code ***}. */
  static String mask(String url) {
    int schemeEnd = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (schemeEnd < 0 || at < schemeEnd) {
      return url;
    }
    String userInfo = url.substring(schemeEnd + 3, at);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? "" : userInfo.substring(0, colon);
    return url.substring(0, schemeEnd + 3) + user + ":***" + url.substring(at);
  }

  /** Whether this url asks for TLS. */
  public boolean tls() {
    return scheme.equals("rediss");
  }

  /**
   * Creates and starts a Lettuce connection factory for this url. The caller owns it and must
   * {@link LettuceConnectionFactory#destroy() destroy} it. After a lost connection, it tries to
   * reconnect every {@link #MAX_RECONNECT_DELAY} at the longest (Lettuce's default backs off to 30
   * s), so that a queue notices within about a second that Redis answers again.
   *
   * @param commandTimeout Lettuce's command timeout
   */
  public LettuceConnectionFactory createConnectionFactory(Duration commandTimeout) {
    ClientResources resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    LettuceClientConfiguration.LettuceClientConfigurationBuilder client =
        LettuceClientConfiguration.builder()
            .commandTimeout(commandTimeout)
            .clientResources(resources);
    if (tls()) {
      client.useSsl();
    }
    RedisConfiguration configuration;
    if (socketPath != null) {
      RedisSocketConfiguration socket = new RedisSocketConfiguration(socketPath);
      socket.setDatabase(database);
      socket.setUsername(username);
      socket.setPassword(RedisPassword.of(password));
      configuration = socket;
    } else {
      RedisStandaloneConfiguration standalone =
          new RedisStandaloneConfiguration(host == null ? "localhost" : host, port);
      standalone.setDatabase(database);
      standalone.setUsername(username);
      standalone.setPassword(RedisPassword.of(password));
      configuration = standalone;
    }
    LettuceConnectionFactory factory =
        new OwnResourcesConnectionFactory(configuration, client.build(), resources);
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }

  /** Where this url points, without credentials: {@code host:port/db} or the socket path. */
  public String endpoint() {
    return socketPath != null
        ? "unix://" + socketPath + "?db=" + database
        : scheme + "://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return endpoint();
  }

  /** A connection factory that shuts its client resources down with it, since it made them. */
  private static final class OwnResourcesConnectionFactory extends LettuceConnectionFactory {

    private final ClientResources resources;

    OwnResourcesConnectionFactory(
        RedisConfiguration configuration,
        LettuceClientConfiguration client,
        ClientResources resources) {
      super(configuration, client);
      this.resources = resources;
    }

    @Override
    public void destroy() {
      try {
        super.destroy();
      } finally {
        resources.shutdown(0, 2, TimeUnit.SECONDS);
      }
    }
  }
}

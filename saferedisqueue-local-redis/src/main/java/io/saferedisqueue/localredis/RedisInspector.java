package io.saferedisqueue.localredis;

import io.lettuce.core.RedisURI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Looks at (and, where a test must, changes) a Redis from the outside, for tests: on a connection
 * of its own, never through a queue's internals.
 *
 * <p>{@link #connect(String)} opens its own {@link LettuceConnectionFactory} from a url such as
 * {@code redis://host:port/db} (what {@code RedisTestServer.url()} and {@link
 * LocalRedisServer#url()} return) and {@link #close()} destroys it; {@link
 * #on(RedisConnectionFactory)} borrows a factory the test already has (a cluster's, say) and leaves
 * it open. {@link #template()} is configured like a queue's own template: {@code String} keys and
 * hash keys, {@code byte[]} values and hash values; the reads below go through it.
 *
 * <p>Reads whose reply Redis never leaves out (outside pipelines and transactions) fail with an
 * {@link IllegalStateException} rather than answer {@code null}, so that a missing reply cannot
 * pass for {@code false} or zero.
 *
 * <p>Needs spring-data-redis and Lettuce on the class path (optional dependencies of this module).
 */
public final class RedisInspector implements AutoCloseable {

  private final @Nullable LettuceConnectionFactory ownFactory;
  private final RedisTemplate<String, byte[]> template;

  private RedisInspector(
      RedisConnectionFactory factory, @Nullable LettuceConnectionFactory ownFactory) {
    this.ownFactory = ownFactory;
    this.template = createTemplate(factory);
  }

  /**
   * An inspector on a connection of its own to this url ({@code redis://[[user]:password@]host
   * [:port][/db]}, {@code rediss://} for TLS, or any other form Lettuce's {@link RedisURI}
   * accepts).
   */
  public static RedisInspector connect(String url) {
    RedisURI uri = RedisURI.create(url);
    LettuceClientConfiguration.LettuceClientConfigurationBuilder client =
        LettuceClientConfiguration.builder();
    if (uri.isSsl()) {
      client.useSsl();
    }
    LettuceConnectionFactory factory =
        new LettuceConnectionFactory(
            LettuceConnectionFactory.createRedisConfiguration(uri), client.build());
    factory.afterPropertiesSet();
    factory.start();
    try {
      return new RedisInspector(factory, factory);
    } catch (RuntimeException ex) {
      factory.destroy();
      throw ex;
    }
  }

  /** An inspector on a connection factory the caller owns; {@link #close()} leaves it open. */
  public static RedisInspector on(RedisConnectionFactory factory) {
    return new RedisInspector(Objects.requireNonNull(factory, "factory"), null);
  }

  /** String keys and hash keys, {@code byte[]} values and hash values, like a queue's template. */
  public RedisTemplate<String, byte[]> template() {
    return template;
  }

  /** Whether the key exists ({@code EXISTS}). */
  public boolean exists(String key) {
    return reply(template.hasKey(key), "EXISTS", key);
  }

  /** Deletes the key ({@code DEL}); whether it existed. */
  public boolean delete(String key) {
    return reply(template.delete(key), "DEL", key);
  }

  /** Deletes these keys ({@code DEL}); how many existed. */
  public long delete(Collection<String> keys) {
    return reply(template.delete(keys), "DEL", String.join(" ", keys));
  }

  /** The string value as UTF-8 ({@code GET}), or {@code null} when the key does not exist. */
  public @Nullable String string(String key) {
    byte[] value = template.opsForValue().get(key);
    return value == null ? null : utf8(value);
  }

  /**
   * The remaining time to live in milliseconds ({@code PTTL}): -1 for a key without one, -2 for a
   * missing key.
   */
  public long ttlMillis(String key) {
    return reply(template.getExpire(key, TimeUnit.MILLISECONDS), "PTTL", key);
  }

  /** The whole list, head first, each element as UTF-8 ({@code LRANGE key 0 -1}). */
  public List<String> list(String key) {
    return reply(template.opsForList().range(key, 0, -1), "LRANGE", key).stream()
        .map(RedisInspector::utf8)
        .toList();
  }

  /** The length of the list ({@code LLEN}); 0 when the key does not exist. */
  public long listSize(String key) {
    return reply(template.opsForList().size(key), "LLEN", key);
  }

  /** Whether the hash has this field ({@code HEXISTS}). */
  public boolean hasField(String key, String field) {
    return reply(template.opsForHash().hasKey(key, field), "HEXISTS", key);
  }

  /** The value of a hash field ({@code HGET}), or {@code null} when it does not exist. */
  public byte @Nullable [] field(String key, String field) {
    return template.<String, byte[]>opsForHash().get(key, field);
  }

  /** The fields of the hash ({@code HKEYS}). */
  public Set<String> fields(String key) {
    return new LinkedHashSet<>(
        reply(template.<String, byte[]>opsForHash().keys(key), "HKEYS", key));
  }

  /** The number of fields of the hash ({@code HLEN}); 0 when the key does not exist. */
  public long hashSize(String key) {
    return reply(template.opsForHash().size(key), "HLEN", key);
  }

  /** A section of {@code INFO}, such as {@code commandstats} or {@code memory}. */
  public Properties info(String section) {
    return reply(
        template.execute(
            (RedisCallback<Properties>) connection -> connection.serverCommands().info(section)),
        "INFO",
        section);
  }

  /**
   * How often the server ran this command (lower case, e.g. {@code evalsha}) since it started or
   * its statistics were reset, from {@code INFO commandstats}; 0 when it never ran.
   */
  public long commandCalls(String command) {
    String line = info("commandstats").getProperty("cmdstat_" + command);
    if (line == null) {
      return 0;
    }
    for (String part : line.split(",")) {
      if (part.startsWith("calls=")) {
        return Long.parseLong(part.substring("calls=".length()));
      }
    }
    return 0;
  }

  /** Destroys the connection factory of {@link #connect(String)}; a borrowed one stays open. */
  @Override
  public void close() {
    if (ownFactory != null) {
      ownFactory.destroy();
    }
  }

  private static RedisTemplate<String, byte[]> createTemplate(RedisConnectionFactory factory) {
    RedisTemplate<String, byte[]> template = new RedisTemplate<>();
    template.setConnectionFactory(factory);
    template.setKeySerializer(RedisSerializer.string());
    template.setHashKeySerializer(RedisSerializer.string());
    template.setValueSerializer(RedisSerializer.byteArray());
    template.setHashValueSerializer(RedisSerializer.byteArray());
    template.setExposeConnection(true);
    template.afterPropertiesSet();
    return template;
  }

  private static <T> T reply(@Nullable T reply, String command, String key) {
    if (reply == null) {
      throw new IllegalStateException("Redis gave no reply to " + command + " " + key);
    }
    return reply;
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

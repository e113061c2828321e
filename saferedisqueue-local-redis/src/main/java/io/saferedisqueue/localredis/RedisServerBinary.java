package io.saferedisqueue.localredis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds a {@code redis-server} binary: the one named by {@code SAFEREDISQUEUE_REDIS_SERVER}, else
 * the first on the {@code PATH}, else the one the embedded-redis jar ships for this platform.
 */
final class RedisServerBinary {
  private static @Nullable Path cached;
  private static @Nullable Path cachedShipped;

  private RedisServerBinary() {}

  static synchronized Path shipped() {
    if (cachedShipped == null) {
      cachedShipped = extractShippedBinary();
    }
    if (cachedShipped == null) {
      throw new IllegalStateException(
          "The embedded-redis jar ships no redis-server for "
              + System.getProperty("os.name")
              + " "
              + System.getProperty("os.arch"));
    }
    return cachedShipped;
  }

  static synchronized Path locate() {
    if (cached != null) {
      return cached;
    }
    String explicit = System.getenv("SAFEREDISQUEUE_REDIS_SERVER");
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            "SAFEREDISQUEUE_REDIS_SERVER=" + explicit + " is not an executable file");
      }
      return cached = path;
    }
    String pathVariable = System.getenv("PATH");
    if (pathVariable != null) {
      for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isExecutable(candidate)) {
          return cached = candidate;
        }
      }
    }
    Path shipped = extractShippedBinary();
    if (shipped != null) {
      return cached = shipped;
    }
    throw new IllegalStateException(
        "No redis-server found: install one (Debian/Ubuntu: apt-get install -y redis-server;"
            + " macOS: brew install redis), put it on the PATH or name it in"
            + " SAFEREDISQUEUE_REDIS_SERVER, or set SAFEREDISQUEUE_TEST_REDIS_URL to a running"
            + " Redis");
  }

  private static @Nullable Path extractShippedBinary() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean arm = arch.contains("aarch64") || arch.contains("arm64");
    String resource;
    if (os.contains("linux")) {
      resource = arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
    } else if (os.contains("mac") || os.contains("darwin")) {
      resource = arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    } else {
      return null;
    }
    try (InputStream in = LocalRedisServer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      Path target = Files.createTempFile("saferedisqueue-redis-server-", "");
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      if (!target.toFile().setExecutable(true)) {
        return null;
      }
      target.toFile().deleteOnExit();
      return target;
    } catch (IOException ex) {
      return null;
    }
  }
}

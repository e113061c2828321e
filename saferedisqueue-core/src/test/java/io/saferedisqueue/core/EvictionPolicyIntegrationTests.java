package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.saferedisqueue.core.redis.RedisServerChecks;
import io.saferedisqueue.core.redis.RedisServerProbe;
import io.saferedisqueue.localredis.LocalRedisServer;
import io.saferedisqueue.localredis.RedisInspector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;

/**
 * A Redis started with {@code --maxmemory 8mb --maxmemory-policy allkeys-lru} may evict queue items
 * silently: the first use of a connection factory logs one warning that names the policy and the
 * risk, whatever the number of queues on it; {@link EvictionPolicyCheck#FAIL} refuses to build a
 * queue there; {@link EvictionPolicyCheck#OFF} says nothing. Where an ACL forbids {@code CONFIG},
 * the policy comes from {@code INFO memory}; where it forbids both, the policy is unknown and said
 * to be.
 */
class EvictionPolicyIntegrationTests {

  private static LocalRedisServer evicting;
  private static LocalRedisServer safe;

  private ListAppender<ILoggingEvent> log;
  private Logger logger;

  @BeforeAll
  static void startServers() {
    evicting =
        LocalRedisServer.builder()
            .args("--maxmemory", "8mb", "--maxmemory-policy", "allkeys-lru")
            .build()
            .start();
    safe =
        LocalRedisServer.builder()
            .args("--maxmemory", "8mb", "--maxmemory-policy", "noeviction")
            .build()
            .start();
    try (RedisInspector inspector = RedisInspector.connect(evicting.url())) {
      acl(inspector, "no-config", "-config");
      acl(inspector, "no-config-no-info", "-config", "-info");
    }
  }

  @AfterAll
  static void stopServers() {
    evicting.close();
    safe.close();
  }

  @BeforeEach
  void captureLog() {
    log = new ListAppender<>();
    logger = (Logger) LoggerFactory.getLogger(RedisServerChecks.class);
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(log);
  }

  @Test
  void theFirstUseOfAFactoryWarnsOnceNamingThePolicyAndTheRisk() {
    LettuceConnectionFactory factory =
        RedisUrl.parse(evicting.url()).createConnectionFactory(Duration.ofSeconds(10));
    try (SafeRedisQueue first = SafeRedisQueue.builder(factory).name("first").build();
        SafeRedisQueue second = SafeRedisQueue.builder(factory).name("second").build()) {
      assertThat(warnings()).as("building alone reads nothing").isEmpty();
      first.push("a");
      second.push("b");
      first.tryPop();
      assertThat(warnings()).hasSize(1);
      assertThat(warnings().get(0))
          .startsWith("Redis at " + evicting.url() + ": its maxmemory-policy allkeys-lru")
          .contains("maxmemory (8388608 bytes)")
          .contains("queue items can be lost silently")
          .contains("Set maxmemory-policy noeviction")
          .contains("saferedisqueue.eviction-policy-check=off");

      SafeRedisQueueServerInfo server = first.admin().server();
      assertThat(server.maxmemoryPolicy()).isEqualTo("allkeys-lru");
      assertThat(server.evicts()).isTrue();
      assertThat(server.maxmemory()).isEqualTo(8L * 1024 * 1024);
      assertThat(server.usedMemory()).isPositive();
      assertThat(server.scriptFlags()).isEqualTo(RedisServerProbe.major(server.version()) >= 7);
    } finally {
      factory.destroy();
    }
  }

  @Test
  void failRefusesToBuildAQueueOnAnEvictingServerAndOffSaysNothing() {
    assertThatThrownBy(
            () ->
                SafeRedisQueue.builder(evicting.url())
                    .name("strict")
                    .evictionPolicyCheck(EvictionPolicyCheck.FAIL)
                    .build())
        .isInstanceOf(SafeRedisQueueConfigurationException.class)
        .hasMessageStartingWith(
            "Queue 'strict' refuses to use Redis at "
                + evicting.url()
                + " (eviction policy check: fail): its maxmemory-policy allkeys-lru evicts keys")
        .hasMessageEndingWith(
            "Set maxmemory-policy noeviction on that server, or the check to warn or off.");

    try (SafeRedisQueue off =
        SafeRedisQueue.builder(evicting.url())
            .name("relaxed")
            .evictionPolicyCheck(EvictionPolicyCheck.OFF)
            .build()) {
      off.push("a");
      assertThat(off.tryPop()).isPresent();
    }
    assertThat(warnings()).isEmpty();

    try (SafeRedisQueue strict =
        SafeRedisQueue.builder(safe.url())
            .name("strict")
            .evictionPolicyCheck(EvictionPolicyCheck.FAIL)
            .build()) {
      strict.push("a");
      assertThat(strict.admin().server().evicts()).isFalse();
      assertThat(strict.admin().server().evictionRisk()).isEmpty();
    }
    assertThat(warnings()).isEmpty();
  }

  @Test
  void withoutConfigThePolicyComesFromInfoAndWithoutEitherItIsUnknown() {
    String base = evicting.url().replace("redis://", "");
    try (SafeRedisQueue noConfig =
        SafeRedisQueue.builder("redis://no-config:secret@" + base).name("acl").build()) {
      noConfig.push("a");
      assertThat(noConfig.admin().server().maxmemoryPolicy()).isEqualTo("allkeys-lru");
    }
    try (SafeRedisQueue blind =
        SafeRedisQueue.builder("redis://no-config-no-info:secret@" + base).name("acl").build()) {
      blind.push("a");
      SafeRedisQueueServerInfo server = blind.admin().server();
      assertThat(server.maxmemoryPolicy()).isNull();
      assertThat(server.version()).isEqualTo("unknown");
      assertThat(server.scriptFlags()).as("found out by trying a flags line").isTrue();
      assertThat(blind.tryPop()).as("and the scripts run with their flags").isPresent();
    }
    assertThat(warnings()).hasSize(2);
    assertThat(warnings().get(1)).contains("its maxmemory-policy could not be read");
    assertThatThrownBy(
            () ->
                SafeRedisQueue.builder("redis://no-config-no-info:secret@" + base)
                    .evictionPolicyCheck(EvictionPolicyCheck.FAIL)
                    .build())
        .isInstanceOf(SafeRedisQueueConfigurationException.class)
        .hasMessageContaining("could not be read");
  }

  private List<String> warnings() {
    return List.copyOf(log.list).stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static void acl(RedisInspector inspector, String user, String... denied) {
    String[] rules = new String[4 + denied.length];
    rules[0] = "on";
    rules[1] = ">secret";
    rules[2] = "~*";
    rules[3] = "+@all";
    System.arraycopy(denied, 0, rules, 4, denied.length);
    inspector
        .template()
        .execute(
            (RedisCallback<Object>)
                connection -> {
                  Object[] args = new Object[rules.length + 2];
                  args[0] = "SETUSER".getBytes();
                  args[1] = user.getBytes();
                  for (int i = 0; i < rules.length; i++) {
                    args[i + 2] = rules[i].getBytes();
                  }
                  byte[][] bytes = new byte[args.length][];
                  for (int i = 0; i < args.length; i++) {
                    bytes[i] = (byte[]) args[i];
                  }
                  return connection.execute("ACL", bytes);
                });
  }
}

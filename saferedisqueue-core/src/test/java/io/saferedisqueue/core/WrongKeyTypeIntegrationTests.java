package io.saferedisqueue.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saferedisqueue.core.script.AckScript;
import io.saferedisqueue.core.script.AutocleanScript;
import io.saferedisqueue.core.script.DeadLetterScript;
import io.saferedisqueue.core.script.DeleteDeadScript;
import io.saferedisqueue.core.script.FailScript;
import io.saferedisqueue.core.script.PopScript;
import io.saferedisqueue.core.script.PruneHeadersScript;
import io.saferedisqueue.core.script.PushScript;
import io.saferedisqueue.core.script.PushWithHeadersScript;
import io.saferedisqueue.core.script.QueueScript;
import io.saferedisqueue.core.script.ReleaseScript;
import io.saferedisqueue.core.script.RenewScript;
import io.saferedisqueue.core.script.RequeueDeadScript;
import io.saferedisqueue.core.script.SizesScript;
import io.saferedisqueue.core.script.StatsScript;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;

/**
 * A key of the queue that holds another type than the layout needs (another program's data under
 * the same name): every operation that uses the key fails with {@link
 * SafeRedisQueueConfigurationException} naming the key, the type found and the type needed, and
 * changes nothing at all (every key of the queue dumps the same before and after); operations that
 * do not use it go on working.
 */
@ExtendWith(RedisTestExtension.class)
class WrongKeyTypeIntegrationTests {

  private static final Set<String> STRING_KEYS = Set.of("backuplock", "headerscursor");

  private static final List<String> ALL_KEYS =
      List.of(
          "items",
          "queue",
          "ackbuf",
          "backup",
          "backuplock",
          "deliveries",
          "delayed",
          "dead",
          "deaditems",
          "deadinfo",
          "headers",
          "headerscursor");

  private static RedisInspector inspector;

  /** One connection for the many short-lived queues of the test. */
  private static LettuceConnectionFactory connectionFactory;

  private final RedisTestServer redis;

  WrongKeyTypeIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeAll
  static void openInspector(RedisTestServer redis) {
    inspector = RedisInspector.connect(redis.url());
    connectionFactory = RedisUrl.parse(redis.url()).createConnectionFactory(Duration.ofSeconds(10));
  }

  @AfterAll
  static void closeInspector() {
    connectionFactory.destroy();
    inspector.close();
  }

  @Test
  void aStringWhereTheQueueListIsFailsThePushNamingTheKeyAndStoresNoPayload() {
    String name = QueueTestSupport.uniqueName("wrongtype");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    inspector.template().opsForValue().set(keys.queue(), bytes("someone else's"));
    try (SafeRedisQueue queue = QueueTestSupport.queue(redis, name)) {
      assertThatThrownBy(() -> queue.push("payload"))
          .isInstanceOf(SafeRedisQueueConfigurationException.class)
          .hasMessageContaining("Redis at " + redis.url())
          .hasMessageContaining("refused the push of queue '" + name + "', nothing was changed")
          .hasMessageContaining(
              "key " + keys.queue() + " holds a string, the queue needs a list there");
      assertThat(inspector.exists(keys.items())).as("no orphan payload").isFalse();
      assertThat(inspector.string(keys.queue())).isEqualTo("someone else's");
    }
  }

  /** Every operation, with the script it runs (null: plain commands) and the keys it reads. */
  private record Operation(
      String name, @Nullable QueueScript<?> script, List<String> keys, Consumer<State> action) {

    static Operation script(String name, QueueScript<?> script, Consumer<State> action) {
      return new Operation(name, script, script.keys(), action);
    }
  }

  /** A queue with something in every key, and uids in each place. */
  private record State(
      SafeRedisQueue queue,
      SafeRedisQueue timed,
      String inAckbuf,
      String inBackup,
      String dead,
      String waiting) {}

  private static List<Operation> operations() {
    return List.of(
        Operation.script("push", PushScript.SCRIPT, s -> s.queue().push("new")),
        Operation.script("pushAll", PushScript.SCRIPT, s -> s.queue().pushAll(List.of(bytes("a")))),
        Operation.script(
            "push with delay", PushScript.SCRIPT, s -> s.queue().push("new", Duration.ofHours(1))),
        Operation.script(
            "pushAsync", PushScript.SCRIPT, s -> unwrap(() -> s.queue().pushAsync("new"))),
        Operation.script(
            "push with headers", PushWithHeadersScript.SCRIPT, s -> s.timed().push("x")),
        Operation.script("tryPop", PopScript.SCRIPT, s -> s.queue().tryPop()),
        Operation.script("popAvailable", PopScript.SCRIPT, s -> s.queue().popAvailable(3)),
        Operation.script("ack", AckScript.SCRIPT, s -> s.queue().ack(s.inAckbuf())),
        Operation.script("fail", FailScript.SCRIPT, s -> s.queue().fail(s.inAckbuf())),
        Operation.script(
            "fail to the dead letters",
            FailScript.SCRIPT,
            s -> s.queue().failAll(List.of(s.inBackup()), Duration.ZERO, "x", 1)),
        Operation.script(
            "deadLetter", DeadLetterScript.SCRIPT, s -> s.queue().deadLetter(s.inAckbuf(), "x")),
        Operation.script(
            "release", ReleaseScript.SCRIPT, s -> s.queue().release(List.of(s.inAckbuf()))),
        Operation.script("renew", RenewScript.SCRIPT, s -> s.queue().renew(List.of(s.inBackup()))),
        Operation.script(
            "rotate", AutocleanScript.SCRIPT, s -> s.queue().admin().rotate(Duration.ofHours(1))),
        Operation.script(
            "requeue dead letter",
            RequeueDeadScript.SCRIPT,
            s -> s.queue().deadLetters().requeue(List.of(s.dead()))),
        Operation.script(
            "requeue all dead letters",
            RequeueDeadScript.SCRIPT,
            s -> s.queue().deadLetters().requeueAll()),
        Operation.script(
            "delete dead letter",
            DeleteDeadScript.SCRIPT,
            s -> s.queue().deadLetters().delete(List.of(s.dead()))),
        Operation.script(
            "delete all dead letters",
            DeleteDeadScript.SCRIPT,
            s -> s.queue().deadLetters().deleteAll()),
        Operation.script(
            "pruneHeaders", PruneHeadersScript.SCRIPT, s -> s.queue().admin().pruneHeaders(10)),
        Operation.script("sizes", SizesScript.SCRIPT, s -> s.queue().admin().sizes()),
        Operation.script("stats", StatsScript.SCRIPT, s -> s.queue().admin().stats()),
        new Operation(
            "headers",
            null,
            List.of("headers"),
            s -> s.queue().admin().headers(List.of(s.waiting()))),
        new Operation(
            "list dead letters",
            null,
            List.of("dead", "deaditems", "deadinfo"),
            s -> s.queue().deadLetters().list(0, 10)),
        new Operation(
            "count dead letters", null, List.of("dead"), s -> s.queue().deadLetters().count()));
  }

  @ParameterizedTest(name = "{0} of another type")
  @ValueSource(
      strings = {
        "items",
        "queue",
        "ackbuf",
        "backup",
        "backuplock",
        "deliveries",
        "delayed",
        "dead",
        "deaditems",
        "deadinfo",
        "headers",
        "headerscursor"
      })
  void everyOperationThatUsesTheKeyFailsChangingNothingAndTheOthersWork(String corrupted) {
    for (Operation operation : operations()) {
      String name = QueueTestSupport.uniqueName("wrongtype");
      SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
      try (SafeRedisQueue queue =
              SafeRedisQueue.builder(connectionFactory).name(name).disableAutoclean().build();
          SafeRedisQueue timed =
              SafeRedisQueue.builder(connectionFactory)
                  .name(name)
                  .disableAutoclean()
                  .recordPushTime(true)
                  .build()) {
        State state = fill(queue, timed, keys);
        corrupt(keys.extra(corrupted), corrupted);
        Map<String, byte[]> before = dump(keys);
        RuntimeException failure = null;
        try {
          operation.action().accept(state);
        } catch (RuntimeException ex) {
          failure = ex;
        }
        String what = operation.name() + " with " + corrupted + " of another type";
        if (!operation.keys().contains(corrupted)) {
          assertThat(failure).as(what + ": not a key of it").isNull();
          continue;
        }
        assertThat(failure).as(what).isInstanceOf(SafeRedisQueueConfigurationException.class);
        assertThat(failure.getMessage()).as(what).contains("nothing was changed");
        if (operation.script() != null) {
          assertThat(failure.getMessage())
              .as(what)
              .contains("key " + keys.extra(corrupted) + " holds a ")
              .contains(", the queue needs a " + type(corrupted) + " there");
        }
        assertSameDumps(what, before, dump(keys));
      }
    }
  }

  @Test
  void aBlockingPopThatMovedAnItemPutsItBackWhenThePopScriptFails() {
    String name = QueueTestSupport.uniqueName("wrongtype");
    SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
    try (SafeRedisQueue queue =
            SafeRedisQueue.builder(redis.url()).name(name).disableAutoclean().build();
        SafeRedisQueue timed =
            SafeRedisQueue.builder(redis.url())
                .name(name)
                .disableAutoclean()
                .recordPushTime(true)
                .build()) {
      fill(queue, timed, keys);
      corrupt(keys.deadItems(), "deaditems");
      Map<String, byte[]> before = dump(keys);
      // BLMOVE moves the next uid into ackbuf; the pop script then refuses (deaditems).
      assertThatThrownBy(() -> queue.popBatch(3, Duration.ofMillis(200)))
          .isInstanceOf(SafeRedisQueueConfigurationException.class)
          .hasMessageContaining("key " + keys.deadItems() + " holds a string");
      assertSameDumps("blocking pop", before, dump(keys));
    }
  }

  private State fill(SafeRedisQueue queue, SafeRedisQueue timed, SafeRedisQueueKeys keys) {
    for (int i = 0; i < 8; i++) {
      timed.push("item-" + i);
    }
    for (int i = 0; i < 3; i++) {
      queue.tryPop().orElseThrow();
    }
    queue.admin().rotate(Duration.ofHours(1)); // ackbuf -> backup, lock
    String dead = queue.tryPop().orElseThrow().uid();
    queue.deadLetter(dead, "poison");
    String inAckbuf = queue.tryPop().orElseThrow().uid();
    List<String> backup = inspector.list(keys.backup());
    queue.fail(backup.get(0), Duration.ofHours(1), "later"); // delayed
    inspector.template().opsForValue().set(keys.extra("headerscursor"), bytes("0"));
    for (String key : ALL_KEYS) {
      assertThat(inspector.exists(keys.extra(key))).as(key + " filled").isTrue();
    }
    String waiting = inspector.list(keys.queue()).get(0);
    return new State(queue, timed, inAckbuf, backup.get(1), dead, waiting);
  }

  /** Replaces the key with a value of another type, as another program might have stored. */
  private static void corrupt(String key, String suffix) {
    inspector.delete(key);
    if (STRING_KEYS.contains(suffix)) {
      inspector.template().opsForList().rightPush(key, bytes("someone else's"));
    } else {
      inspector.template().opsForValue().set(key, bytes("someone else's"));
    }
  }

  private static String type(String suffix) {
    return switch (suffix) {
      case "items", "deliveries", "deaditems", "deadinfo", "headers" -> "hash";
      case "queue", "ackbuf", "backup" -> "list";
      case "delayed", "dead" -> "zset";
      default -> "string";
    };
  }

  private static Map<String, byte[]> dump(SafeRedisQueueKeys keys) {
    Map<String, byte[]> dumps = new LinkedHashMap<>();
    for (String suffix : ALL_KEYS) {
      String key = keys.extra(suffix);
      byte[] dump =
          inspector
              .template()
              .execute((RedisCallback<byte[]>) c -> c.keyCommands().dump(bytes(key)));
      dumps.put(key, dump == null ? new byte[0] : dump);
    }
    return dumps;
  }

  private static void assertSameDumps(
      String what, Map<String, byte[]> before, Map<String, byte[]> after) {
    List<String> changed = new ArrayList<>();
    before.forEach(
        (key, dump) -> {
          if (!Arrays.equals(dump, after.get(key))) {
            changed.add(key);
          }
        });
    assertThat(changed).as(what + ": keys changed by the failed call").isEmpty();
  }

  private static void unwrap(java.util.concurrent.Callable<java.util.concurrent.Future<?>> call) {
    try {
      call.call().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException ex) {
      if (ex.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(ex.getCause());
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

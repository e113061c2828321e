package io.saferedisqueue.java25;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.saferedisqueue.annotation.SafeQueueListener;
import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import io.saferedisqueue.listener.SafeQueueListenerContainer;
import io.saferedisqueue.localredis.RedisInspector;
import io.saferedisqueue.localredis.junit.RedisTestExtension;
import io.saferedisqueue.localredis.junit.RedisTestServer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.RedisCallback;

/**
 * Workers on virtual threads, on the Java 25 JVM that this module's surefire forks (the code is
 * built for Java 17, so {@code Thread.isVirtual()} is called reflectively). Fails, never skips,
 * when that JVM is not the one running.
 */
@ExtendWith(RedisTestExtension.class)
class VirtualThreadWorkersIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final RedisTestServer redis;

  VirtualThreadWorkersIntegrationTests(RedisTestServer redis) {
    this.redis = redis;
  }

  @BeforeAll
  static void runsOnTheJava25Jvm() {
    String home = System.getProperty("java.home");
    System.out.println(
        "Running on Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.vendor")
            + ") at "
            + home);
    assertThat(Runtime.version().feature())
        .as("Java version of %s", home)
        .isGreaterThanOrEqualTo(25);
    String expected = System.getProperty("saferedisqueue.expected-java-home");
    assertThat(expected).as("surefire passes the expected JVM").isNotNull();
    assertThat(Path.of(home).toAbsolutePath().normalize())
        .isEqualTo(Path.of(expected).toAbsolutePath().normalize());
  }

  static boolean isVirtual(Thread thread) {
    try {
      Method isVirtual = Thread.class.getMethod("isVirtual");
      return (Boolean) isVirtual.invoke(thread);
    } catch (ReflectiveOperationException ex) {
      throw new AssertionError("Thread.isVirtual() is missing on this JVM", ex);
    }
  }

  private static List<byte[]> payloads(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> ("item-" + i).getBytes(StandardCharsets.UTF_8))
        .toList();
  }

  private static int clients(RedisInspector inspector) {
    List<?> clients =
        inspector
            .template()
            .execute(
                (RedisCallback<List<?>>) connection -> connection.serverCommands().getClientList());
    return clients == null ? 0 : clients.size();
  }

  @Test
  void aThousandWorkersOnVirtualThreadsShareOneBlockingConnection() throws Exception {
    String name = "vt-" + UUID.randomUUID().toString().substring(0, 8);
    try (SafeRedisQueue queue = SafeRedisQueue.builder(redis.url()).name(name).build();
        RedisInspector inspector = RedisInspector.connect(redis.url())) {
      queue.pushAll(payloads(3000));
      int before = clients(inspector);
      CountDownLatch allStarted = new CountDownLatch(1000);
      CountDownLatch release = new CountDownLatch(1);
      Set<Boolean> virtual = ConcurrentHashMap.newKeySet();
      AtomicInteger done = new AtomicInteger();
      SafeQueueListenerContainer container =
          new SafeQueueListenerContainer(
              "vt1000",
              queue,
              item -> {
                virtual.add(isVirtual(Thread.currentThread()));
                allStarted.countDown();
                release.await();
                done.incrementAndGet();
              });
      container.setConcurrency(1000);
      container.setBatchSize(100);
      container.setPollTimeout(Duration.ofMillis(200));
      container.setVirtualThreads(true);
      container.start();
      try {
        // A thousand handlers block at the same time: only a thousand threads can do that.
        assertThat(allStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(container.getActiveHandlers()).isEqualTo(1000);
        assertThat(clients(inspector) - before)
            .as("connections added by a container at concurrency 1,000")
            .isEqualTo(1);
        release.countDown();
        await().atMost(WAIT).until(() -> done.get() == 3000);
        await()
            .atMost(WAIT)
            .until(() -> inspector.hashSize(SafeRedisQueueKeys.forName(name).items()) == 0);
        assertThat(virtual).containsExactly(true);
        assertThat(container.getHighestConcurrentHandlers()).isEqualTo(1000);
      } finally {
        release.countDown();
        container.stop();
      }
    }
  }

  @Test
  void springBootsVirtualThreadsPropertyPutsAnnotatedListenersOnVirtualThreads() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class,
                SafeRedisQueueAutoConfiguration.class,
                SafeQueueListenerAutoConfiguration.class))
        .withUserConfiguration(ListenerConfig.class)
        .withPropertyValues(
            "spring.data.redis.url=" + redis.url(), "spring.threads.virtual.enabled=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              context.getBean(SafeRedisQueueFactory.class).getQueue("vt-boot").push("hello");
              Recorder recorder = context.getBean(Recorder.class);
              assertThat(recorder.virtual.poll(30, TimeUnit.SECONDS)).isTrue();
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class ListenerConfig {

    @Bean
    Recorder recorder() {
      return new Recorder();
    }
  }

  static class Recorder {

    final java.util.concurrent.BlockingQueue<Boolean> virtual =
        new java.util.concurrent.LinkedBlockingQueue<>();

    @SafeQueueListener(queue = "vt-boot", concurrency = "4")
    void handle(String payload) {
      virtual.add(isVirtual(Thread.currentThread()));
    }
  }
}

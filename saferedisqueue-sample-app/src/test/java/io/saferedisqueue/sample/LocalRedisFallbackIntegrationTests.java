package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.localredis.LocalRedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

/** The demo's fallback to a local redis-server, with an unused port standing for localhost:6379. */
class LocalRedisFallbackIntegrationTests {

  private static final DeferredLogFactory LOGS =
      destination -> LogFactory.getLog(LocalRedisFallbackIntegrationTests.class);

  private final int unusedPort = LocalRedisServer.freePort();

  @Test
  void startsALocalRedisWhenNoneAnswersAndNoneWasConfigured() {
    StandardEnvironment environment = new StandardEnvironment();
    SpringApplication application = new SpringApplication(SampleApplication.class);
    new LocalRedisFallback(LOGS, unusedPort, Runtime.getRuntime()::addShutdownHook)
        .postProcessEnvironment(environment, application);

    assertThat(environment.getPropertySources().contains(LocalRedisFallback.PROPERTY_SOURCE_NAME))
        .isTrue();
    String host = environment.getProperty("spring.data.redis.host");
    int port = environment.getProperty("spring.data.redis.port", Integer.class);
    assertThat(LocalRedisFallback.answersPing(host, port)).isTrue();

    // It stops when the application context closes.
    GenericApplicationContext context = new GenericApplicationContext();
    for (ApplicationContextInitializer<?> initializer : application.getInitializers()) {
      initialize(initializer, context);
    }
    context.refresh();
    context.close();
    assertThat(LocalRedisFallback.answersPing(host, port)).isFalse();
  }

  /**
   * On SIGTERM the JVM runs its shutdown hooks at once, in any order: the server's own hook and
   * Spring Boot's, which closes the context and stops the listeners. Here the server's hook runs
   * first, which is the order that used to stop Redis under the listeners (their acks and stopping
   * pops then failed for 5 s): it leaves alone a server the context has taken over.
   */
  @Test
  void itsJvmHookLeavesAServerTheContextOwnsToTheContext() {
    List<Thread> hooks = new ArrayList<>();
    StandardEnvironment environment = new StandardEnvironment();
    SpringApplication application = new SpringApplication(SampleApplication.class);
    new LocalRedisFallback(LOGS, unusedPort, hooks::add)
        .postProcessEnvironment(environment, application);
    String host = environment.getProperty("spring.data.redis.host");
    int port = environment.getProperty("spring.data.redis.port", Integer.class);
    GenericApplicationContext context = new GenericApplicationContext();
    for (ApplicationContextInitializer<?> initializer : application.getInitializers()) {
      initialize(initializer, context);
    }
    context.refresh();
    try {
      assertThat(hooks).hasSize(1);
      hooks.get(0).run();
      assertThat(LocalRedisFallback.answersPing(host, port)).isTrue();
    } finally {
      context.close();
    }
    assertThat(LocalRedisFallback.answersPing(host, port)).isFalse();
  }

  @Test
  void aServerNoContextTookOverIsStoppedByItsJvmHook() {
    List<Thread> hooks = new ArrayList<>();
    StandardEnvironment environment = new StandardEnvironment();
    new LocalRedisFallback(LOGS, unusedPort, hooks::add)
        .postProcessEnvironment(environment, new SpringApplication(SampleApplication.class));
    String host = environment.getProperty("spring.data.redis.host");
    int port = environment.getProperty("spring.data.redis.port", Integer.class);
    assertThat(LocalRedisFallback.answersPing(host, port)).isTrue();
    hooks.get(0).run();
    assertThat(LocalRedisFallback.answersPing(host, port)).isFalse();
  }

  @Test
  void isRegisteredWithSpringBoot() {
    assertThat(
            SpringFactoriesLoader.forDefaultResourceLocation()
                .load(
                    EnvironmentPostProcessor.class,
                    ArgumentResolver.of(DeferredLogFactory.class, LOGS)))
        .hasAtLeastOneElementOfType(LocalRedisFallback.class);
  }

  @Test
  void doesNothingWhenRedisWasConfigured() {
    for (String property :
        new String[] {
          "saferedisqueue.url",
          "spring.data.redis.url",
          "spring.data.redis.host",
          "spring.data.redis.port"
        }) {
      StandardEnvironment environment = new StandardEnvironment();
      environment
          .getPropertySources()
          .addFirst(new MapPropertySource("test", Map.of(property, "redis://127.0.0.1:1")));
      new LocalRedisFallback(LOGS, unusedPort, Runtime.getRuntime()::addShutdownHook)
          .postProcessEnvironment(environment, new SpringApplication());
      assertThat(environment.getPropertySources().contains(LocalRedisFallback.PROPERTY_SOURCE_NAME))
          .as(property)
          .isFalse();
    }
  }

  @Test
  void doesNothingWhenSwitchedOff() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("test", Map.of("sample.local-redis.enabled", "false")));
    new LocalRedisFallback(LOGS, unusedPort, Runtime.getRuntime()::addShutdownHook)
        .postProcessEnvironment(environment, new SpringApplication());
    assertThat(environment.getPropertySources().contains(LocalRedisFallback.PROPERTY_SOURCE_NAME))
        .isFalse();
  }

  @Test
  void doesNothingWhenARedisAnswersAtTheDefaultPort() {
    try (LocalRedisServer running = LocalRedisServer.startDefault()) {
      StandardEnvironment environment = new StandardEnvironment();
      new LocalRedisFallback(LOGS, running.port(), Runtime.getRuntime()::addShutdownHook)
          .postProcessEnvironment(environment, new SpringApplication());
      assertThat(environment.getPropertySources().contains(LocalRedisFallback.PROPERTY_SOURCE_NAME))
          .isFalse();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void initialize(
      ApplicationContextInitializer initializer, ConfigurableApplicationContext context) {
    initializer.initialize(context);
  }
}

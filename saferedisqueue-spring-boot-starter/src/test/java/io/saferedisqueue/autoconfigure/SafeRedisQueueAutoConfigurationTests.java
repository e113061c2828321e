package io.saferedisqueue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.core.DefaultSafeRedisQueueFactory;
import io.saferedisqueue.core.EvictionPolicyCheck;
import io.saferedisqueue.core.JacksonPayloadSerializer;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.PlainPayloadSerializer;
import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueSettings;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The auto-configuration's beans and their settings, without a Redis server. */
class SafeRedisQueueAutoConfigurationTests {

  // Port 1 has no Redis: nothing here may touch a Redis that happens to run on this machine.
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class, SafeRedisQueueAutoConfiguration.class))
          .withPropertyValues("spring.data.redis.port=1");

  /**
   * The connection factory the queue was built on. These tests check which factory the
   * auto-configuration hands to its queues and who closes it; SafeRedisQueue does not expose its
   * factory, and nothing seen in Redis tells two factories to the same server apart (here there is
   * no server at all), so this reads the queue's field. If the field is renamed or removed, these
   * tests fail here, naming it. (The factory sits in the queue's transport, {@code QueueRedis}.)
   */
  private static RedisConnectionFactory connectionFactoryOf(SafeRedisQueue queue) {
    Object transport = fieldValue(queue, "redis");
    return (RedisConnectionFactory) fieldValue(transport, "connectionFactory");
  }

  private static Object fieldValue(Object owner, String name) {
    Field field = ReflectionUtils.findField(owner.getClass(), name);
    if (field == null) {
      throw new AssertionError(
          owner.getClass().getName() + " has no field '" + name + "' any more");
    }
    ReflectionUtils.makeAccessible(field);
    return ReflectionUtils.getField(field, owner);
  }

  @Test
  void defaults() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(SafeRedisQueueProperties.class);
          assertThat(context).hasSingleBean(SafeRedisQueueFactory.class);
          assertThat(context).hasSingleBean(SafeRedisQueueAutocleanScheduler.class);
          assertThat(context.getBean(PayloadSerializer.class))
              .isInstanceOf(JacksonPayloadSerializer.class);
          SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
          assertThat(queue.name()).isEqualTo("0");
          assertThat(queue.settings().autocleanInterval()).contains(Duration.ofSeconds(60));
          assertThat(queue.settings().serializer())
              .isSameAs(context.getBean(PayloadSerializer.class));
          assertThat(queue.settings().maxPayloadSize()).isEqualTo(DataSize.ofMegabytes(1));
          assertThat(queue.settings().evictionPolicyCheck()).isEqualTo(EvictionPolicyCheck.WARN);
          assertThat(connectionFactoryOf(queue))
              .isSameAs(context.getBean(RedisConnectionFactory.class));
          assertThat(context.getBean(SafeRedisQueueFactory.class).getQueue("0")).isSameAs(queue);
          assertThat(context.getBean(SafeRedisQueueAutocleanScheduler.class).isRunning()).isTrue();

          SafeRedisQueueProperties properties = context.getBean(SafeRedisQueueProperties.class);
          assertThat(properties.getUrl()).isNull();
          assertThat(properties.isAutocleanEnabled()).isTrue();
          assertThat(properties.isAutocleanJobEnabled()).isTrue();
          assertThat(properties.getCommandTimeout()).isEqualTo(Duration.ofSeconds(60));
          SafeRedisQueueListenerProperties listener = properties.getListener();
          assertThat(listener.isEnabled()).isTrue();
          assertThat(listener.getConcurrency()).isEqualTo("1");
          assertThat(listener.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(listener.getBatchSize()).isNull();
          assertThat(listener.getPollTimeout()).isEqualTo(Duration.ofSeconds(1));
          assertThat(listener.isAutoStartup()).isTrue();
        });
  }

  @Test
  void propertiesOverrideTheDefaults() {
    runner
        .withPropertyValues(
            "saferedisqueue.name=orders",
            "saferedisqueue.autoclean-interval=5s",
            "saferedisqueue.payload-format=plain",
            "saferedisqueue.max-payload-size=4MB",
            "saferedisqueue.eviction-policy-check=off",
            "saferedisqueue.listener.concurrency=4",
            "saferedisqueue.listener.shutdown-timeout=30s",
            "saferedisqueue.listener.batch-size=50",
            "saferedisqueue.listener.poll-timeout=250ms",
            "saferedisqueue.listener.auto-startup=false")
        .run(
            context -> {
              SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
              assertThat(queue.name()).isEqualTo("orders");
              assertThat(queue.settings().autocleanInterval()).contains(Duration.ofSeconds(5));
              assertThat(queue.settings().serializer()).isInstanceOf(PlainPayloadSerializer.class);
              assertThat(queue.settings().maxPayloadSize()).isEqualTo(DataSize.ofMegabytes(4));
              assertThat(queue.settings().evictionPolicyCheck()).isEqualTo(EvictionPolicyCheck.OFF);
              SafeRedisQueueListenerProperties listener =
                  context.getBean(SafeRedisQueueProperties.class).getListener();
              assertThat(listener.getConcurrency()).isEqualTo("4");
              assertThat(listener.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
              assertThat(listener.getBatchSize()).isEqualTo(50);
              assertThat(listener.getPollTimeout()).isEqualTo(Duration.ofMillis(250));
              assertThat(listener.isAutoStartup()).isFalse();
            });
  }

  @Test
  void payloadFormatIsCaseInsensitive() {
    runner
        .withPropertyValues("saferedisqueue.payload-format=PLAIN")
        .run(
            context ->
                assertThat(context.getBean(PayloadSerializer.class))
                    .isInstanceOf(PlainPayloadSerializer.class));
  }

  @Test
  void autocleanDisabledGivesQueuesWithoutAutoclean() {
    runner
        .withPropertyValues("saferedisqueue.autoclean-enabled=false")
        .run(
            context ->
                assertThat(context.getBean(SafeRedisQueue.class).settings().autocleanInterval())
                    .isEmpty());
  }

  @Test
  void durableWritesAreOffByDefaultAndSetGloballyOrPerQueue() {
    runner.run(
        context -> {
          SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
          assertThat(queue.settings().durableReplicas()).isZero();
          assertThat(queue.settings().durableTimeout()).isEqualTo(Duration.ofSeconds(1));
        });
    runner
        .withPropertyValues(
            "saferedisqueue.durable-replicas=1",
            "saferedisqueue.durable-timeout=250ms",
            "saferedisqueue.queues.orders.durable-replicas=2",
            "saferedisqueue.queues.orders.durable-timeout=3s",
            "saferedisqueue.queues.audit.durable-replicas=0")
        .run(
            context -> {
              SafeRedisQueueFactory factory = context.getBean(SafeRedisQueueFactory.class);
              SafeRedisQueue orders = factory.getQueue("orders");
              assertThat(orders.settings().durableReplicas()).isEqualTo(2);
              assertThat(orders.settings().durableTimeout()).isEqualTo(Duration.ofSeconds(3));
              SafeRedisQueue audit = factory.getQueue("audit");
              assertThat(audit.settings().durableReplicas()).isZero();
              assertThat(audit.settings().durableTimeout()).isEqualTo(Duration.ofMillis(250));
              assertThat(context.getBean(SafeRedisQueue.class).settings().durableReplicas())
                  .isEqualTo(1);
            });
  }

  @Test
  void aDurableTimeoutNotBelowTheClientTimeoutFailsStartupWithAnAnalysis() {
    runner
        .withPropertyValues("saferedisqueue.durable-replicas=1", "spring.data.redis.timeout=1s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              org.springframework.boot.diagnostics.FailureAnalysis analysis =
                  new SafeRedisQueueConfigurationFailureAnalyzer()
                      .analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .contains(
                      "durable timeout (1000 ms) must be shorter than the client's command"
                          + " timeout (1000 ms)");
              assertThat(analysis.getAction()).contains("saferedisqueue.durable-timeout");
            });
  }

  @Test
  void transactionAwarenessIsGlobalOrPerQueue() {
    runner
        .withPropertyValues(
            "saferedisqueue.queues.orders.transaction-aware=true",
            "saferedisqueue.queues.audit.max-deliveries=3")
        .run(
            context -> {
              SafeRedisQueueFactory factory = context.getBean(SafeRedisQueueFactory.class);
              assertThat(factory.getQueue("orders").settings().transactionAware()).isTrue();
              assertThat(factory.getQueue("audit").settings().transactionAware()).isFalse();
              assertThat(context.getBean(SafeRedisQueue.class).settings().transactionAware())
                  .isFalse();
            });
    runner
        .withPropertyValues(
            "saferedisqueue.transaction-aware=true",
            "saferedisqueue.queues.audit.transaction-aware=false")
        .run(
            context -> {
              SafeRedisQueueFactory factory = context.getBean(SafeRedisQueueFactory.class);
              assertThat(factory.getQueue("orders").settings().transactionAware()).isTrue();
              assertThat(factory.getQueue("audit").settings().transactionAware()).isFalse();
            });
  }

  @Test
  void perQueueSettingsOverrideTheGlobalOnesAndListedQueuesAreBeans() {
    runner
        .withPropertyValues(
            "saferedisqueue.autoclean-interval=30s",
            "saferedisqueue.queues.orders.autoclean-interval=2s",
            "saferedisqueue.queues.emails.payload-format=plain",
            "saferedisqueue.queues.emails.autoclean-enabled=false",
            "saferedisqueue.queues.audit.autoclean-job-enabled=false",
            "saferedisqueue.queues[{tagged}].autoclean-interval=3s")
        .withUserConfiguration(QueueUser.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SafeRedisQueueFactory factory = context.getBean(SafeRedisQueueFactory.class);
              SafeRedisQueue orders = context.getBean("orders", SafeRedisQueue.class);
              assertThat(orders.name()).isEqualTo("orders");
              assertThat(orders).isSameAs(factory.getQueue("orders"));
              assertThat(orders.settings().autocleanInterval()).contains(Duration.ofSeconds(2));
              assertThat(orders.settings().serializer())
                  .isInstanceOf(JacksonPayloadSerializer.class);

              SafeRedisQueue emails = context.getBean("emails", SafeRedisQueue.class);
              assertThat(emails.settings().autocleanInterval()).isEmpty();
              assertThat(emails.settings().serializer()).isInstanceOf(PlainPayloadSerializer.class);

              assertThat(
                      context
                          .getBean("{tagged}", SafeRedisQueue.class)
                          .settings()
                          .autocleanInterval())
                  .contains(Duration.ofSeconds(3));
              // Queues not listed get the global settings.
              assertThat(factory.getQueue("other").settings().autocleanInterval())
                  .contains(Duration.ofSeconds(30));

              SafeRedisQueueProperties properties = context.getBean(SafeRedisQueueProperties.class);
              assertThat(properties.settingsFor("audit").autocleanJobEnabled()).isFalse();
              assertThat(properties.settingsFor("orders").autocleanJobEnabled()).isTrue();

              // The listed queues need a qualifier, so a plain injection point gets the default.
              QueueUser user = context.getBean(QueueUser.class);
              assertThat(user.defaultQueue.name()).isEqualTo("0");
              assertThat(user.orders).isSameAs(orders);
              assertThat(context.getBeanProvider(SafeRedisQueue.class).getIfUnique())
                  .isSameAs(user.defaultQueue);
            });
  }

  @Test
  void everyPerQueueSettingOverridesTheGlobalOneAndShardsTakeTheirQueuesSettings() {
    runner
        .withPropertyValues(
            "saferedisqueue.durable-replicas=1",
            "saferedisqueue.durable-timeout=2s",
            "saferedisqueue.transaction-aware=true",
            "saferedisqueue.max-payload-size=2MB",
            "saferedisqueue.eviction-policy-check=off",
            "saferedisqueue.queues.orders.durable-replicas=2",
            "saferedisqueue.queues.orders.durable-timeout=5s",
            "saferedisqueue.queues.orders.transaction-aware=false",
            "saferedisqueue.queues.orders.max-deliveries=7",
            "saferedisqueue.queues.orders.shards=2")
        .run(
            context -> {
              SafeRedisQueueFactory factory = context.getBean(SafeRedisQueueFactory.class);
              for (String name : List.of("{orders-0}", "{orders-1}")) {
                SafeRedisQueueSettings own = factory.getQueue(name).settings();
                assertThat(own.durableReplicas()).isEqualTo(2);
                assertThat(own.durableTimeout()).isEqualTo(Duration.ofSeconds(5));
                assertThat(own.transactionAware()).isFalse();
                assertThat(own.maxDeliveries()).isEqualTo(7);
                assertThat(own.maxPayloadSize()).isEqualTo(DataSize.ofMegabytes(2));
              }
              SafeRedisQueueSettings global = factory.getQueue("audit").settings();
              assertThat(global.durableReplicas()).isEqualTo(1);
              assertThat(global.durableTimeout()).isEqualTo(Duration.ofSeconds(2));
              assertThat(global.transactionAware()).isTrue();
              assertThat(global.maxDeliveries()).isZero();
              assertThat(global.maxPayloadSize()).isEqualTo(DataSize.ofMegabytes(2));
              assertThat(global.evictionPolicyCheck()).isEqualTo(EvictionPolicyCheck.OFF);
            });
  }

  @Test
  void perQueueJobSwitchOverridesTheGlobalOne() {
    runner
        .withPropertyValues(
            "saferedisqueue.autoclean-job-enabled=false",
            "saferedisqueue.queues.orders.autoclean-job-enabled=true")
        .run(
            context -> {
              SafeRedisQueueProperties properties = context.getBean(SafeRedisQueueProperties.class);
              assertThat(properties.settingsFor("0").autocleanJobEnabled()).isFalse();
              assertThat(properties.settingsFor("orders").autocleanJobEnabled()).isTrue();
            });
  }

  @Test
  void jsonReusesTheApplicationsJsonMapper() {
    runner
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
        .run(
            context -> {
              assertThat(context).hasSingleBean(JsonMapper.class);
              byte[] json =
                  context
                      .getBean(SafeRedisQueue.class)
                      .settings()
                      .serializer()
                      .serialize(new Order("A-1", 3));
              assertThat(new String(json, StandardCharsets.UTF_8))
                  .isEqualTo("{\"order_id\":\"A-1\",\"item_count\":3}");
            });
  }

  @Test
  void jsonReusesAUserJsonMapperForPerQueueFormatsToo() {
    runner
        .withBean(
            JsonMapper.class,
            () ->
                JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                    .build())
        .withPropertyValues(
            "saferedisqueue.payload-format=plain",
            "saferedisqueue.queues.orders.payload-format=json")
        .run(
            context -> {
              SafeRedisQueue orders = context.getBean("orders", SafeRedisQueue.class);
              assertThat(
                      new String(
                          orders.settings().serializer().serialize(new Order("A-1", 3)),
                          StandardCharsets.UTF_8))
                  .isEqualTo("{\"order-id\":\"A-1\",\"item-count\":3}");
              assertThat(context.getBean(SafeRedisQueue.class).settings().serializer())
                  .isInstanceOf(PlainPayloadSerializer.class);
            });
  }

  @Test
  void urlWinsOverTheApplicationsConnectionFactory() {
    runner
        .withPropertyValues(
            "saferedisqueue.url=redis://127.0.0.1:1/3",
            "saferedisqueue.command-timeout=2s",
            "spring.data.redis.port=2")
        .run(
            context -> {
              SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
              assertThat(queue.endpoint()).isEqualTo("redis://127.0.0.1:1/3");
              assertThat(connectionFactoryOf(queue))
                  .isNotSameAs(context.getBean(RedisConnectionFactory.class));
              LettuceConnectionFactory own = (LettuceConnectionFactory) connectionFactoryOf(queue);
              assertThat(own.getTimeout()).isEqualTo(2000);
              assertThat(context.getBean(SafeRedisQueueFactory.class))
                  .isInstanceOf(UrlSafeRedisQueueFactory.class);
            });
  }

  @Test
  void urlWorksWithoutSpringDataRedis() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SafeRedisQueueAutoConfiguration.class))
        .withPropertyValues("saferedisqueue.url=redis://127.0.0.1:1")
        .run(
            context ->
                assertThat(context.getBean(SafeRedisQueue.class).endpoint())
                    .isEqualTo("redis://127.0.0.1:1/0"));
  }

  @Test
  void blankUrlCountsAsUnset() {
    runner
        .withPropertyValues("saferedisqueue.url= ", "spring.data.redis.port=7")
        .run(
            context ->
                assertThat(context.getBean(SafeRedisQueue.class).endpoint())
                    .isEqualTo("redis://localhost:7/0"));
  }

  @Test
  void theContextClosesTheConnectionItBuiltFromTheUrl() {
    LettuceConnectionFactory[] own = new LettuceConnectionFactory[1];
    runner
        .withPropertyValues("saferedisqueue.url=redis://127.0.0.1:1/0")
        .run(
            context -> {
              own[0] =
                  (LettuceConnectionFactory)
                      connectionFactoryOf(context.getBean(SafeRedisQueue.class));
              assertThat(own[0].isRunning()).isTrue();
            });
    assertThat(own[0].isRunning()).isFalse();
  }

  @Test
  void theContextDoesNotCloseTheApplicationsConnectionFactoryThroughTheQueues() {
    runner.run(
        context -> {
          SafeRedisQueue queue = context.getBean(SafeRedisQueue.class);
          assertThat(((LettuceConnectionFactory) connectionFactoryOf(queue)).isRunning()).isTrue();
        });
  }

  @Test
  void backsOffWithoutAConnectionFactoryOrUrl() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SafeRedisQueueAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SafeRedisQueueFactory.class);
              assertThat(context).doesNotHaveBean(SafeRedisQueue.class);
              assertThat(context).doesNotHaveBean(SafeRedisQueueAutocleanScheduler.class);
            });
  }

  @Test
  void backsOffWhenTheQueueClassIsMissing() {
    runner
        .withClassLoader(new FilteredClassLoader(SafeRedisQueue.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SafeRedisQueueProperties.class);
              assertThat(context).doesNotHaveBean(SafeRedisQueueFactory.class);
            });
  }

  @Test
  void backsOffWhenSpringDataRedisIsMissing() {
    runner
        .withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SafeRedisQueueFactory.class);
            });
  }

  @Test
  void userBeansWin() {
    runner
        .withUserConfiguration(UserBeans.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(PayloadSerializer.class)).isSameAs(UserBeans.SERIALIZER);
              assertThat(context.getBean(SafeRedisQueueFactory.class))
                  .isSameAs(context.getBean("myFactory"));
              assertThat(context.getBean(SafeRedisQueue.class).name()).isEqualTo("mine");
              assertThat(context.getBean(SafeRedisQueueAutocleanScheduler.class))
                  .isSameAs(context.getBean("myScheduler"));
            });
  }

  @Test
  void userSerializerIsUsedByTheQueues() {
    runner
        .withBean(PayloadSerializer.class, () -> UserBeans.SERIALIZER)
        .run(
            context ->
                assertThat(context.getBean(SafeRedisQueue.class).settings().serializer())
                    .isSameAs(UserBeans.SERIALIZER));
  }

  @Test
  void userQueueBeanMakesTheDefaultQueueBackOff() {
    runner
        .withUserConfiguration(UserQueue.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(SafeRedisQueue.class);
              assertThat(context.getBean(SafeRedisQueue.class).name()).isEqualTo("custom");
            });
  }

  @Test
  void aListedQueueDoesNotReplaceAUserBeanOfTheSameName() {
    runner
        .withUserConfiguration(UserQueue.class)
        .withPropertyValues("saferedisqueue.queues.custom.autoclean-interval=7s")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(
                      context
                          .getBean("custom", SafeRedisQueue.class)
                          .settings()
                          .autocleanInterval())
                  .contains(Duration.ofSeconds(7));
            });
  }

  @Test
  void builderCustomizersRunAfterTheProperties() {
    runner
        .withPropertyValues("saferedisqueue.autoclean-interval=5s")
        .withBean(
            SafeRedisQueueBuilderCustomizer.class,
            () ->
                (name, builder) -> {
                  if (name.equals("slow")) {
                    builder.autocleanInterval(Duration.ofMinutes(10));
                  }
                })
        .run(
            context -> {
              SafeRedisQueueFactory factory = context.getBean(SafeRedisQueueFactory.class);
              assertThat(factory.getQueue("slow").settings().autocleanInterval())
                  .contains(Duration.ofMinutes(10));
              assertThat(factory.getQueue("fast").settings().autocleanInterval())
                  .contains(Duration.ofSeconds(5));
            });
  }

  @Test
  void theSchedulerCanBeStoppedAndStarted() {
    runner.run(
        context -> {
          SafeRedisQueueAutocleanScheduler scheduler =
              context.getBean(SafeRedisQueueAutocleanScheduler.class);
          scheduler.stop();
          assertThat(scheduler.isRunning()).isFalse();
          scheduler.start();
          assertThat(scheduler.isRunning()).isTrue();
        });
  }

  /** A bean that injects the default queue and a listed one. */
  static class QueueUser {
    final SafeRedisQueue defaultQueue;
    final SafeRedisQueue orders;

    QueueUser(SafeRedisQueue defaultQueue, @Qualifier("orders") SafeRedisQueue orders) {
      this.defaultQueue = defaultQueue;
      this.orders = orders;
    }
  }

  record Order(String orderId, int itemCount) {}

  @Configuration(proxyBeanMethods = false)
  static class UserBeans {
    static final PayloadSerializer SERIALIZER = new PlainPayloadSerializer();

    @Bean
    PayloadSerializer mySerializer() {
      return SERIALIZER;
    }

    @Bean
    SafeRedisQueueFactory myFactory(RedisConnectionFactory connectionFactory) {
      return new DefaultSafeRedisQueueFactory(connectionFactory);
    }

    @Bean
    SafeRedisQueue myQueue(SafeRedisQueueFactory myFactory) {
      return myFactory.getQueue("mine");
    }

    @Bean
    SafeRedisQueueAutocleanScheduler myScheduler(SafeRedisQueueFactory myFactory) {
      return new SafeRedisQueueAutocleanScheduler(myFactory, name -> false);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserQueue {
    @Bean
    SafeRedisQueue custom(SafeRedisQueueFactory factory) {
      return factory.getQueue("custom");
    }
  }
}

package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.core.SafeRedisQueue;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.core.SafeRedisQueueOperations;
import io.saferedisqueue.core.shard.SafeRedisQueueShards;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers a {@link SafeRedisQueue} bean for every queue listed under {@code
 * saferedisqueue.queues.<name>}, named and qualified by the queue's name; for a queue with {@code
 * shards} above 1, a {@link SafeRedisQueueShards} bean instead (its shards are reachable through it
 * and through the factory as {@code {NAME-i}}).
 *
 * <p>These beans are not default candidates: a plain {@code SafeRedisQueue} injection point still
 * gets the default queue, and {@code @Qualifier("orders")} gets the queue {@code orders}. A bean
 * that already has the name wins; the queue then stays reachable through the factory. The queues
 * belong to the factory, which closes them, so the beans have no destroy method.
 */
final class NamedSafeRedisQueuesRegistrar
    implements ImportBeanDefinitionRegistrar, EnvironmentAware {

  private static final Log logger = LogFactory.getLog(NamedSafeRedisQueuesRegistrar.class);

  private @Nullable Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
    Environment env = Objects.requireNonNull(environment, "environment");
    Map<String, SafeRedisQueueProperties.Queue> queues;
    try {
      queues =
          Binder.get(env)
              .bind(
                  "saferedisqueue.queues",
                  Bindable.mapOf(String.class, SafeRedisQueueProperties.Queue.class))
              .orElse(Map.of());
    } catch (RuntimeException ex) {
      // Binding SafeRedisQueueProperties reports the bad value with a proper failure analysis.
      return;
    }
    for (String name : queues.keySet()) {
      if (name.isBlank()) {
        continue; // the properties' validation reports it
      }
      if (registry.containsBeanDefinition(name)) {
        logger.debug(
            "Not registering queue '" + name + "' as a bean: a bean of that name already exists");
        continue;
      }
      SafeRedisQueueProperties.Queue queue = queues.get(name);
      boolean sharded = queue != null && queue.getShards() > 1;
      registry.registerBeanDefinition(name, definition(name, sharded));
    }
  }

  /**
   * A static factory method with the factory bean and the name as arguments, rather than an
   * instance supplier, so that Spring's AOT processing can generate the registration.
   */
  private static RootBeanDefinition definition(String name, boolean sharded) {
    RootBeanDefinition definition = new RootBeanDefinition(NamedSafeRedisQueuesRegistrar.class);
    definition.setFactoryMethodName(sharded ? "namedShards" : "namedQueue");
    definition.setTargetType(sharded ? SafeRedisQueueShards.class : SafeRedisQueue.class);
    definition
        .getConstructorArgumentValues()
        .addIndexedArgumentValue(0, new RuntimeBeanReference(SafeRedisQueueFactory.class));
    definition.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
    definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
    definition.setDefaultCandidate(false);
    definition.setDestroyMethodName("");
    return definition;
  }

  /** The queue of a listed name, from the application's queue factory. */
  static SafeRedisQueue namedQueue(SafeRedisQueueFactory queueFactory, String name) {
    return queueFactory.getQueue(name);
  }

  /** The sharded queue of a name listed with {@code shards} above 1, from the queue factory. */
  static SafeRedisQueueShards namedShards(SafeRedisQueueFactory queueFactory, String name) {
    SafeRedisQueueOperations operations = queueFactory.getOperations(name);
    if (operations instanceof SafeRedisQueueShards shards) {
      return shards;
    }
    throw new IllegalStateException(
        "The queue factory "
            + queueFactory
            + " does not shard queue '"
            + name
            + "' although saferedisqueue.queues."
            + name
            + ".shards is above 1; an application's own factory must return its sharded queue"
            + " from getOperations");
  }
}

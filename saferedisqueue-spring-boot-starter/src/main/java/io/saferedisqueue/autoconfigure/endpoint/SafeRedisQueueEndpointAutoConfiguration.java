package io.saferedisqueue.autoconfigure.endpoint;

import io.saferedisqueue.autoconfigure.SafeQueueListenerAutoConfiguration;
import io.saferedisqueue.autoconfigure.SafeRedisQueueAutoConfiguration;
import io.saferedisqueue.core.SafeRedisQueueFactory;
import io.saferedisqueue.listener.SafeQueueListenerEndpointRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Auto-configuration of the {@code saferedisqueue} Actuator endpoint ({@link
 * SafeRedisQueueEndpoint}). Like every endpoint it exists only once exposed (for example {@code
 * management.endpoints.web.exposure.include=health,saferedisqueue}) and not denied access.
 */
@AutoConfiguration(
    after = {SafeRedisQueueAutoConfiguration.class, SafeQueueListenerAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(SafeRedisQueueEndpoint.class)
public final class SafeRedisQueueEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(SafeRedisQueueFactory.class)
  SafeRedisQueueEndpoint safeRedisQueueEndpoint(
      SafeRedisQueueFactory queueFactory,
      ObjectProvider<SafeQueueListenerEndpointRegistry> listenerRegistry) {
    return new SafeRedisQueueEndpoint(queueFactory, listenerRegistry.getIfUnique());
  }

  /** Over Spring MVC, a 400 of the endpoint whose body names the unknown and the known values. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = Type.SERVLET)
  @ConditionalOnClass({HandlerExceptionResolver.class, HttpServletRequest.class})
  static class ServletErrorsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BadEndpointRequestResolver safeRedisQueueEndpointBadRequestResolver() {
      return new BadEndpointRequestResolver();
    }
  }
}

package io.saferedisqueue.autoconfigure;

import io.saferedisqueue.autoconfigure.SafeRedisQueueProperties.PayloadFormat;
import io.saferedisqueue.core.JacksonPayloadSerializer;
import io.saferedisqueue.core.PayloadSerializer;
import io.saferedisqueue.core.PlainPayloadSerializer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in serializer of each {@link PayloadFormat}; JSON reuses the application's {@link
 * JsonMapper} when it has exactly one.
 */
final class PayloadSerializers {

  private static final boolean JACKSON_PRESENT =
      ClassUtils.isPresent(
          "tools.jackson.databind.json.JsonMapper", PayloadSerializers.class.getClassLoader());

  private final BeanFactory beanFactory;
  private @Nullable PayloadSerializer json;
  private @Nullable PayloadSerializer plain;

  PayloadSerializers(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  synchronized PayloadSerializer forFormat(PayloadFormat format) {
    return switch (format) {
      case JSON -> json = cached(json, this::createJson);
      case PLAIN -> plain = cached(plain, PlainPayloadSerializer::new);
    };
  }

  private static PayloadSerializer cached(
      @Nullable PayloadSerializer existing, Supplier<PayloadSerializer> creator) {
    return existing != null ? existing : creator.get();
  }

  private PayloadSerializer createJson() {
    if (!JACKSON_PRESENT) {
      throw new IllegalStateException(
          "saferedisqueue.payload-format=json needs tools.jackson.core:jackson-databind on the"
              + " class path: add it, or set saferedisqueue.payload-format=plain");
    }
    return JacksonSupport.serializer(beanFactory);
  }

  /** Keeps the Jackson types out of the outer class's signatures. */
  private static final class JacksonSupport {

    private JacksonSupport() {}

    static PayloadSerializer serializer(BeanFactory beanFactory) {
      JsonMapper mapper = beanFactory.getBeanProvider(JsonMapper.class).getIfUnique();
      return mapper != null ? new JacksonPayloadSerializer(mapper) : new JacksonPayloadSerializer();
    }
  }
}

package io.saferedisqueue.core;

import java.nio.charset.StandardCharsets;

/**
 * Text as UTF-8 (byte for byte what the Python library writes for a {@code str}) and bytes as they
 * are; any other type is refused with a message that says how to get JSON.
 */
public final class PlainPayloadSerializer implements PayloadSerializer {

  @Override
  public byte[] serialize(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    if (value instanceof CharSequence text) {
      return text.toString().getBytes(StandardCharsets.UTF_8);
    }
    throw new PayloadConversionException(
        "Cannot serialize a "
            + value.getClass().getName()
            + ": the plain serializer handles String and byte[] only; add"
            + " tools.jackson.core:jackson-databind for JSON or configure a PayloadSerializer");
  }

  @Override
  public <T> T deserialize(byte[] payload, Class<T> type) {
    if (type == byte[].class) {
      return type.cast(payload);
    }
    if (type == String.class || type == CharSequence.class || type == Object.class) {
      return type.cast(new String(payload, StandardCharsets.UTF_8));
    }
    throw new PayloadConversionException(
        "Cannot deserialize a payload to "
            + type.getName()
            + ": the plain serializer handles String and byte[] only; add"
            + " tools.jackson.core:jackson-databind for JSON or configure a PayloadSerializer");
  }
}

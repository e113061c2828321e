package io.saferedisqueue.core;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON through Jackson 3, as the Python library's {@code serializer=json} writes it: every value,
 * strings included, is written as JSON text in UTF-8; {@code byte[]} is stored as it is.
 */
public final class JacksonPayloadSerializer implements PayloadSerializer {

  private final JsonMapper mapper;

  /** Uses a default {@link JsonMapper}. */
  public JacksonPayloadSerializer() {
    this(JsonMapper.builder().findAndAddModules().build());
  }

  /** Uses the given mapper, for example the application's. */
  public JacksonPayloadSerializer(JsonMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public byte[] serialize(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JacksonException ex) {
      throw new PayloadConversionException(
          "Cannot write a " + value.getClass().getName() + " as JSON: " + ex.getOriginalMessage(),
          ex);
    }
  }

  @Override
  public <T> T deserialize(byte[] payload, Class<T> type) {
    if (type == byte[].class) {
      return type.cast(payload);
    }
    try {
      return mapper.readValue(payload, type);
    } catch (JacksonException ex) {
      throw new PayloadConversionException(
          "Cannot read the payload as JSON " + type.getName() + ": " + ex.getOriginalMessage(), ex);
    }
  }
}

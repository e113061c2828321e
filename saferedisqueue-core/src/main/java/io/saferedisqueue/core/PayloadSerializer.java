package io.saferedisqueue.core;

/**
 * Turns values into payload bytes and back, like the Python library's optional {@code serializer}
 * (an object with {@code dumps} and {@code loads}). Used by {@link SafeRedisQueue#pushValue} and
 * {@link SafeRedisQueue#read}, and by listeners whose parameter is neither {@code String} nor
 * {@code byte[]}. Never Java serialization by default.
 */
public interface PayloadSerializer {

  /**
   * The bytes to store for a value.
   *
   * @throws PayloadConversionException when the value cannot be written
   */
  byte[] serialize(Object value);

  /**
   * The value of a stored payload.
   *
   * @throws PayloadConversionException when the bytes cannot be read as that type
   */
  <T> T deserialize(byte[] payload, Class<T> type);

  /**
   * The default: JSON through Jackson when {@code tools.jackson.core:jackson-databind} is on the
   * class path, otherwise {@link PlainPayloadSerializer} (text and bytes only).
   */
  static PayloadSerializer defaultSerializer() {
    return JacksonPresence.PRESENT ? new JacksonPayloadSerializer() : new PlainPayloadSerializer();
  }

  /** Holds the class-path check so it runs once. */
  final class JacksonPresence {
    static final boolean PRESENT = isPresent("tools.jackson.databind.json.JsonMapper");

    private JacksonPresence() {}

    private static boolean isPresent(String className) {
      try {
        Class.forName(className, false, PayloadSerializer.class.getClassLoader());
        return true;
      } catch (ClassNotFoundException | LinkageError ex) {
        return false;
      }
    }
  }
}

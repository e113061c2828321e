package io.saferedisqueue.sample;

import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.convert.ConversionException;

/**
 * A failed start of a command line mode as one line on standard error, in place of Spring Boot's
 * failure report (off in this mode): a value that does not convert names the property, the value
 * and what is allowed; a value the properties' validation refuses, or a Redis the queue refuses to
 * use (such as an evicting one with {@code eviction-policy-check=fail}), says why and the fix.
 */
final class CommandLineStartupErrors {

  private CommandLineStartupErrors() {}

  /** The one line for a failed start, starting with {@code saferedisqueue: }. */
  static String describe(Throwable failure) {
    SafeRedisQueueConfigurationException refused =
        find(failure, SafeRedisQueueConfigurationException.class);
    if (refused != null) {
      return "saferedisqueue: " + CommandLine.oneLine(refused.getMessage());
    }
    BindValidationException invalid = find(failure, BindValidationException.class);
    if (invalid != null) {
      return "saferedisqueue: invalid configuration: "
          + invalid.getValidationErrors().getAllErrors().stream()
              .map(error -> CommandLine.oneLine(error.getDefaultMessage()))
              .collect(Collectors.joining("; "));
    }
    BindException binding = find(failure, BindException.class);
    if (binding != null) {
      return describe(binding);
    }
    return "saferedisqueue: cannot start: "
        + CommandLine.oneLine(NestedExceptionUtils.getMostSpecificCause(failure).getMessage());
  }

  private static String describe(BindException binding) {
    ConfigurationProperty property = binding.getProperty();
    String value = property == null ? "" : String.valueOf(property.getValue());
    String option = "--" + binding.getName();
    Class<?> type = binding.getTarget().getType().resolve(Object.class);
    if (find(binding, ConversionException.class) != null) {
      return "saferedisqueue: invalid value '"
          + value
          + "' for "
          + option
          + ": expected "
          + CommandLineOptions.allowed(type);
    }
    // A setter refused the value: its message says why.
    return "saferedisqueue: invalid value '"
        + value
        + "' for "
        + option
        + ": "
        + CommandLine.oneLine(NestedExceptionUtils.getMostSpecificCause(binding).getMessage());
  }

  private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }
}

package io.saferedisqueue.annotation;

import io.saferedisqueue.listener.SafeQueueListenerSettings;
import java.util.Locale;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Resolves and checks the attributes of a {@link SafeQueueListener}: {@code ${...}} placeholders
 * and {@code #{...}} expressions, then the value checked as {@link SafeQueueListenerSettings}
 * checks it. Every problem is a {@link BeanInitializationException} naming the method, the bean,
 * the attribute as written (and as resolved) and what is allowed.
 */
final class ListenerAttributes {

  private final ConfigurableListableBeanFactory factory;
  private final BeanExpressionContext expressionContext;

  ListenerAttributes(ConfigurableListableBeanFactory factory, BeanExpressionContext context) {
    this.factory = factory;
    this.expressionContext = context;
  }

  @Nullable Integer consumerBatchSize(PendingListener listener, boolean batch) {
    String raw = listener.annotation().consumerBatchSize();
    Integer size =
        wholeNumber(
            listener,
            "consumerBatchSize",
            raw,
            SafeQueueListenerSettings::checkConsumerBatchSize,
            "must be a whole number from 1 to 10000 (empty for the container factory's default)");
    if (size != null && !batch) {
      throw listener.invalid(
          "consumerBatchSize '"
              + raw
              + "' is set but the listener is not a batch listener; add batch = \"true\" (and a"
              + " List parameter) or remove consumerBatchSize");
    }
    return size;
  }

  @Nullable Integer maxDeliveries(PendingListener listener) {
    return wholeNumber(
        listener,
        "maxDeliveries",
        listener.annotation().maxDeliveries(),
        SafeQueueListenerSettings::checkMaxDeliveries,
        "must be a whole number >= 1, or \"0\" for unlimited (empty for the container factory's"
            + " default)");
  }

  int @Nullable [] concurrency(PendingListener listener) {
    String raw = listener.annotation().concurrency();
    String value = resolve(listener, "concurrency", raw).trim();
    if (value.isEmpty()) {
      return null;
    }
    try {
      return SafeQueueListenerSettings.parseConcurrency(value);
    } catch (IllegalArgumentException ex) {
      throw listener.invalid(
          "concurrency "
              + describe(raw, value)
              + " must be a whole number >= 1 such as \"4\", or a range \"min-max\" with 1 <= min"
              + " <= max such as \"2-16\" (empty for the container factory's default)");
    }
  }

  /**
   * A whole-number attribute, resolved and checked as the settings check it; empty for none. The
   * message here speaks of the attribute as written, placeholders included.
   */
  @Nullable Integer wholeNumber(
      PendingListener listener,
      String attribute,
      String raw,
      IntUnaryOperator check,
      String requirement) {
    String value = resolve(listener, attribute, raw).trim();
    if (value.isEmpty()) {
      return null;
    }
    try {
      return check.applyAsInt(Integer.parseInt(value));
    } catch (IllegalArgumentException ex) {
      // Not a number (NumberFormatException) or out of range: reported below.
    }
    throw listener.invalid(attribute + " " + describe(raw, value) + " " + requirement);
  }

  /** A boolean attribute ({@code autoStartup}, {@code batch}): "true", "false" or empty. */
  @Nullable Boolean flag(PendingListener listener, String attribute, String raw) {
    String value = resolve(listener, attribute, raw).trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "" -> null;
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default ->
          throw listener.invalid(
              attribute
                  + " "
                  + describe(raw, value)
                  + " must be \"true\" or \"false\" (empty for "
                  + (attribute.equals("batch") ? "false" : "the container factory's default")
                  + ")");
    };
  }

  String resolve(PendingListener listener, String attribute, String value) {
    if (value.isEmpty()) {
      return value;
    }
    Object result;
    try {
      String resolved = factory.resolveEmbeddedValue(value);
      if (resolved != null && resolved.contains("${")) {
        throw listener.invalid(
            attribute + " " + describe(value, resolved) + " has a placeholder that is not defined");
      }
      BeanExpressionResolver expressions = factory.getBeanExpressionResolver();
      result =
          expressions == null || resolved == null
              ? resolved
              : expressions.evaluate(resolved, expressionContext);
    } catch (BeanInitializationException ex) {
      throw ex;
    } catch (RuntimeException ex) {
      throw listener.invalid(attribute + " '" + value + "' cannot be resolved: " + ex.getMessage());
    }
    return result == null ? "" : result.toString();
  }

  /** {@code 'raw'}, with what it resolved to when that differs. */
  static String describe(String raw, String resolved) {
    return raw.equals(resolved)
        ? "'" + raw + "'"
        : "'" + raw + "' (resolved to '" + resolved + "')";
  }
}

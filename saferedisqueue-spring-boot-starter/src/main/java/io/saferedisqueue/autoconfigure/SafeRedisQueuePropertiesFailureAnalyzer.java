package io.saferedisqueue.autoconfigure;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.ObjectError;

/**
 * Turns a failed validation of the {@code saferedisqueue.*} properties into a start-up report that
 * lists each bad property with its value and where it came from. It runs before Spring Boot's
 * generic analyzer, whose report shows Java field names and ISO durations instead.
 */
final class SafeRedisQueuePropertiesFailureAnalyzer
    extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

  @Override
  protected @Nullable FailureAnalysis analyze(
      Throwable rootFailure, BindValidationException cause) {
    List<ObjectError> errors = cause.getValidationErrors().getAllErrors();
    String prefix = cause.getValidationErrors().getName().toString();
    // saferedisqueue.* and the dashboard's own saferedisqueue.dashboard.*
    if (errors.isEmpty()
        || !(prefix.equals("saferedisqueue") || prefix.startsWith("saferedisqueue."))) {
      return null;
    }
    StringBuilder description = new StringBuilder("Invalid saferedisqueue configuration:\n");
    for (ObjectError error : errors) {
      description.append("\n    - ").append(error.getDefaultMessage());
      Origin origin = Origin.from(error);
      if (origin != null) {
        description.append(" (from ").append(origin).append(')');
      }
    }
    return new FailureAnalysis(
        description.toString(),
        "Correct the saferedisqueue.* properties listed above in your application's configuration.",
        cause);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}

package io.saferedisqueue.autoconfigure.endpoint;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a {@link BadEndpointRequestException} of the {@code saferedisqueue} endpoint over Spring
 * MVC with 400 and a JSON body in the shape of Spring Boot's error page ({@code timestamp}, {@code
 * status}, {@code error}, {@code message}, {@code path}) whose {@code message} names the unknown
 * value and the known ones. Without it the body is the error page's, which hides the message by
 * default. Any other exception, of this endpoint or another, is left to the resolvers after it.
 */
final class BadEndpointRequestResolver implements HandlerExceptionResolver, Ordered {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  public @Nullable ModelAndView resolveException(
      HttpServletRequest request,
      HttpServletResponse response,
      @Nullable Object handler,
      Exception ex) {
    BadEndpointRequestException bad = find(ex);
    if (bad == null || response.isCommitted()) {
      return null;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("timestamp", OffsetDateTime.now().toString());
    body.put("status", HttpStatus.BAD_REQUEST.value());
    body.put("error", HttpStatus.BAD_REQUEST.getReasonPhrase());
    body.put("message", bad.getMessage());
    body.put("path", request.getRequestURI());
    try {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.getWriter().write(JSON.writeValueAsString(body));
      response.flushBuffer();
    } catch (IOException ex2) {
      return null;
    }
    return new ModelAndView();
  }

  private static @Nullable BadEndpointRequestException find(Throwable ex) {
    for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
      if (cause instanceof BadEndpointRequestException bad) {
        return bad;
      }
    }
    return null;
  }

  @Override
  public int getOrder() {
    // Before Spring MVC's resolvers, which would send the 400 to the error page.
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }
}

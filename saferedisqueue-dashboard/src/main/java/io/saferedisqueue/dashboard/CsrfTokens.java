package io.saferedisqueue.dashboard;

import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * The CSRF token that Spring Security's filter put into the request, for the page to send back with
 * its write requests. Touches Spring Security's types only when they are on the class path.
 */
final class CsrfTokens {

  private static final boolean SECURITY_PRESENT =
      ClassUtils.isPresent(
          "org.springframework.security.web.csrf.CsrfToken", CsrfTokens.class.getClassLoader());

  private CsrfTokens() {}

  /**
   * The header name and the token, or {@code null} without Spring Security or without CSRF
   * protection for this request.
   */
  static String @Nullable [] headerAndToken(ServerRequest request) {
    return SECURITY_PRESENT ? Security.headerAndToken(request) : null;
  }

  /** Loaded only when Spring Security is there. */
  private static final class Security {

    static String @Nullable [] headerAndToken(ServerRequest request) {
      Object token = request.attribute(CsrfToken.class.getName()).orElse(null);
      if (token instanceof CsrfToken csrf) {
        return new String[] {csrf.getHeaderName(), csrf.getToken()};
      }
      return null;
    }
  }
}

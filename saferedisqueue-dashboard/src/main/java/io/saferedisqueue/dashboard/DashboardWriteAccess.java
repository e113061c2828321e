package io.saferedisqueue.dashboard;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Decides, on the server, whether a request may change anything through the dashboard: never while
 * it is read-only; with Spring Security on the class path only for an authenticated (not anonymous)
 * user with the write role. The page hides its buttons by the same decision, but the refusal here
 * is what protects the queues. Touches Spring Security's types only when they are on the class
 * path.
 */
final class DashboardWriteAccess {

  private static final String SECURITY_CONTEXT =
      "org.springframework.security.core.context.SecurityContextHolder";

  private final boolean readOnly;
  private final String writeRole;
  private final boolean security;

  /**
   * Write access of a dashboard.
   *
   * @param readOnly whether every write is refused
   * @param writeRole role (without the {@code ROLE_} prefix) that writes need with Spring Security
   * @param classLoader where Spring Security is looked for
   */
  DashboardWriteAccess(boolean readOnly, String writeRole, @Nullable ClassLoader classLoader) {
    this.readOnly = readOnly;
    this.writeRole = writeRole;
    this.security = ClassUtils.isPresent(SECURITY_CONTEXT, classLoader);
  }

  /** Whether Spring Security decides who may write. */
  boolean secured() {
    return security;
  }

  /** Whether this request may write. */
  boolean allows(ServerRequest request) {
    return refusal(request) == null;
  }

  /** Why this request may not write, or {@code null} when it may. */
  @Nullable String refusal(ServerRequest request) {
    if (readOnly) {
      return "The dashboard is read-only; writes need saferedisqueue.dashboard.read-only=false";
    }
    if (security && !Security.hasRole("ROLE_" + writeRole)) {
      return "Dashboard writes need an authenticated user with the role "
          + writeRole
          + " (saferedisqueue.dashboard.write-role)";
    }
    return null;
  }

  /** Loaded only when Spring Security is there. */
  private static final class Security {

    static boolean hasRole(String authority) {
      Authentication user = SecurityContextHolder.getContext().getAuthentication();
      if (user == null || !user.isAuthenticated() || user instanceof AnonymousAuthenticationToken) {
        return false;
      }
      for (GrantedAuthority granted : user.getAuthorities()) {
        if (authority.equals(granted.getAuthority())) {
          return true;
        }
      }
      return false;
    }
  }
}

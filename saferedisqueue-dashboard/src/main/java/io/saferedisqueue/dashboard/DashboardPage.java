package io.saferedisqueue.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.util.DigestUtils;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's page and its two static files, read once from the class path. The page gets its
 * settings (base path, whether this user may write, Spring Security's CSRF token) in {@code meta}
 * elements; the script and the style sheet are named by a hash of their content, so browsers may
 * keep them. Every answer forbids inline scripts (Content-Security-Policy), so data shown by the
 * page cannot run even if it were mistaken for markup.
 */
final class DashboardPage {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

  private static final String LOCATION = "io/saferedisqueue/dashboard/";

  private final String path;
  private final DashboardWriteAccess access;
  private final String template;
  private final byte[] script;
  private final byte[] style;
  private final String version;

  DashboardPage(String path, DashboardWriteAccess access) {
    this.path = path;
    this.access = access;
    this.template = new String(read("index.html"), StandardCharsets.UTF_8);
    this.script = read("dashboard.js");
    this.style = read("dashboard.css");
    byte[] both = new byte[script.length + style.length];
    System.arraycopy(script, 0, both, 0, script.length);
    System.arraycopy(style, 0, both, script.length, style.length);
    this.version = DigestUtils.md5DigestAsHex(both).substring(0, 12);
  }

  ServerResponse index(ServerRequest request) {
    String base = request.requestPath().contextPath().value() + path;
    StringBuilder csrf = new StringBuilder();
    String[] token = CsrfTokens.headerAndToken(request);
    if (token != null) {
      csrf.append("<meta name=\"_csrf_header\" content=\"")
          .append(HtmlUtils.htmlEscape(token[0]))
          .append("\">\n  <meta name=\"_csrf\" content=\"")
          .append(HtmlUtils.htmlEscape(token[1]))
          .append("\">");
    }
    String html =
        template
            .replace("{{base}}", HtmlUtils.htmlEscape(base))
            .replace("{{version}}", version)
            .replace("{{readOnly}}", Boolean.toString(!access.allows(request)))
            .replace("{{csrf}}", csrf.toString());
    return ServerResponse.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore())
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .body(html);
  }

  ServerResponse script(ServerRequest request) {
    return asset(script, new MediaType("text", "javascript", StandardCharsets.UTF_8), request);
  }

  ServerResponse style(ServerRequest request) {
    return asset(style, new MediaType("text", "css", StandardCharsets.UTF_8), request);
  }

  private ServerResponse asset(byte[] content, MediaType type, ServerRequest request) {
    boolean versioned = request.param("v").map(version::equals).orElse(false);
    return ServerResponse.ok()
        .contentType(type)
        .cacheControl(
            versioned
                ? CacheControl.maxAge(Duration.ofDays(365)).cachePublic()
                : CacheControl.noCache())
        .header("X-Content-Type-Options", "nosniff")
        .body(content);
  }

  private static byte[] read(String name) {
    ClassPathResource resource = new ClassPathResource(LOCATION + name);
    try {
      return resource.getContentAsByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot read the dashboard's " + resource.getPath(), ex);
    }
  }
}

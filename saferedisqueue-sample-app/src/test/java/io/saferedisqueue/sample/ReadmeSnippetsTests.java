package io.saferedisqueue.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's Quick start and plain-Java code are the files of the projects that the
 * outside-the-repo tests build and run on every build, word for word (the README indents the Quick
 * start's by three spaces, inside its numbered list), so the README cannot drift from what works.
 */
class ReadmeSnippetsTests {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path PROJECTS = ROOT.resolve("saferedisqueue-outside-tests/src/it");

  static Stream<String> snippets() {
    return Stream.of(
        "spring-boot-app/src/main/resources/application.yml",
        "spring-boot-app/src/main/java/com/example/orders/Order.java",
        "spring-boot-app/src/main/java/com/example/orders/OrderListener.java",
        "spring-boot-app/src/main/java/com/example/orders/OrderController.java",
        "spring-boot-app/src/main/java/com/example/orders/OrdersApplication.java",
        "plain-java/src/main/java/com/example/orders/PlainJavaQueue.java");
  }

  @ParameterizedTest
  @MethodSource("snippets")
  void theReadmeShowsTheTestedFile(String file) throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String code =
        Files.readString(PROJECTS.resolve(file))
            .replaceFirst("^package [^\n]*\n\n", "")
            .stripTrailing();
    String indented =
        String.join("\n", code.lines().map(line -> line.isEmpty() ? "" : "   " + line).toList());
    assertThat(readme.contains(code) || readme.contains(indented))
        .as("README.md shows %s as it is", file)
        .isTrue();
  }
}

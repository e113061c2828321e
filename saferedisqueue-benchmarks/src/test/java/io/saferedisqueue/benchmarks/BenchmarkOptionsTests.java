package io.saferedisqueue.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The benchmark jar's options and its {@code --help}. */
class BenchmarkOptionsTests {

  @Test
  void helpIsRecognisedAnywhereOnTheCommandLine() {
    assertThat(BenchmarkOptions.wantsHelp(new String[] {"--help"})).isTrue();
    assertThat(BenchmarkOptions.wantsHelp(new String[] {"--n=5", "-h"})).isTrue();
    assertThat(BenchmarkOptions.wantsHelp(new String[] {"--n=5"})).isFalse();
  }

  @Test
  void theUsageListsEveryOptionTheBenchmarksReadAndEveryMode() throws IOException {
    Set<String> read = new LinkedHashSet<>();
    Pattern option = Pattern.compile("options\\.(?:string|positiveInt)\\(\"([a-z-]+)\"");
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher matcher = option.matcher(Files.readString(source));
        while (matcher.find()) {
          read.add(matcher.group(1));
        }
      }
    }
    assertThat(read).contains("mode", "redis-url", "n");
    for (String name : read) {
      assertThat(BenchmarkOptions.USAGE).contains("--" + name + "=");
    }
    assertThat(BenchmarkOptions.USAGE).contains("workload", "latency", "scaling", "core", "jmh");
  }

  @Test
  void aStrayArgumentPointsToHelp() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BenchmarkOptions(new String[] {"frobnicate"}))
        .withMessageContaining("'frobnicate'")
        .withMessageContaining("--help");
  }
}

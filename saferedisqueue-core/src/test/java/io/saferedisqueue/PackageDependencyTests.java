package io.saferedisqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.saferedisqueue.listener.SafeQueueListenerContainer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of the core module depend on each other without cycles, as spring-rabbit's do: a
 * lower package never refers to a higher one. Read from the compiled main classes, whose constant
 * pools name every class they refer to (imports, fully qualified names, signatures).
 */
class PackageDependencyTests {

  /** A reference to a class of a subpackage of io.saferedisqueue, in internal form. */
  private static final Pattern REFERENCE =
      Pattern.compile("io/saferedisqueue/((?:[a-z0-9_]+/)*[a-z0-9_]+)/[A-Z]");

  private static Map<String, Set<String>> dependencies;

  @BeforeAll
  static void readClasses() throws IOException, URISyntaxException {
    Path classes =
        Path.of(
            SafeQueueListenerContainer.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    Path root = classes.resolve("io").resolve("saferedisqueue");
    Map<String, Set<String>> found = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
        String from = packageOf(root, file);
        Set<String> targets = found.computeIfAbsent(from, key -> new TreeSet<>());
        Matcher matcher =
            REFERENCE.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        while (matcher.find()) {
          if (!matcher.group(1).equals(from)) {
            targets.add(matcher.group(1));
          }
        }
      }
    }
    dependencies = found;
  }

  private static String packageOf(Path root, Path classFile) {
    List<String> segments = new ArrayList<>();
    root.relativize(classFile.getParent()).forEach(segment -> segments.add(segment.toString()));
    return String.join("/", segments);
  }

  @Test
  void theListenerPackagesNeedNeitherConfigNorAnnotation() {
    assertThat(dependencies.get("listener"))
        .as("packages the listener package refers to")
        .contains("core", "listener/api")
        .doesNotContain("config", "annotation");
    assertThat(dependencies.get("listener/api"))
        .as("packages the listener.api package refers to")
        .contains("core")
        .doesNotContain("config", "annotation", "listener");
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    assertThat(dependencies).containsKeys("core", "listener", "config", "annotation");
    List<String> cycles = new ArrayList<>();
    for (String start : dependencies.keySet()) {
      List<String> cycle = cycleThrough(start);
      if (!cycle.isEmpty()) {
        cycles.add(String.join(" -> ", cycle));
      }
    }
    assertThat(cycles).as("package cycles (io.saferedisqueue.*)").isEmpty();
  }

  /** A path from {@code start} back to itself, or empty; breadth-first, so the shortest one. */
  private static List<String> cycleThrough(String start) {
    Map<String, String> reachedFrom = new TreeMap<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String current = todo.removeFirst();
      for (String next : dependencies.getOrDefault(current, Set.of())) {
        if (next.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String at = current; !at.equals(start); at = reachedFrom.get(at)) {
            path.add(1, at);
          }
          path.add(start);
          return path;
        }
        if (seen.add(next)) {
          reachedFrom.put(next, current);
          todo.addLast(next);
        }
      }
    }
    return List.of();
  }
}

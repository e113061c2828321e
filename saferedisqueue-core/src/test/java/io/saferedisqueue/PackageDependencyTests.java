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
 *
 * <p>What may depend on what, from the bottom up:
 *
 * <ul>
 *   <li>{@code core/redis} (the transport, internal): the API's value types and exceptions only.
 *   <li>{@code core/script} (the Lua scripts, internal): {@code core/redis} and those types.
 *   <li>{@code core/support} (the roles behind the facade, internal): {@code core/script}, {@code
 *       core/redis} and those types.
 *   <li>{@code core} (the API: facade, builder, admin views, value types): the three internal
 *       packages and {@code observation}. The internal packages refer back to its value types and
 *       exceptions, never to the facade; taken together, {@code core} and its internal packages are
 *       one layer, which no cycle leaves.
 *   <li>{@code core/shard} (sharded queues, public): another implementation of the operations
 *       interface, built from facades; the builder and the default factory build it, so it is read
 *       as part of the {@code core} layer. No package above refers to it: the listener,
 *       configuration, Micrometer and observation packages hold the operations interface.
 *   <li>{@code listener/api}, then {@code listener}, then {@code config}, then {@code annotation}
 *       on top; {@code micrometer}, {@code observation} and {@code aot} beside them.
 * </ul>
 *
 * <p>No internal package refers to the listener, configuration, annotation, Micrometer or
 * observation packages.
 */
class PackageDependencyTests {

  /** A reference to a class of a subpackage of io.saferedisqueue, in internal form. */
  private static final Pattern REFERENCE =
      Pattern.compile("io/saferedisqueue/((?:[a-z0-9_]+/)*[a-z0-9_]+)/[A-Z]");

  /** A reference to a class of the API package io.saferedisqueue.core, in internal form. */
  private static final Pattern API_REFERENCE =
      Pattern.compile("io/saferedisqueue/core/([A-Z][A-Za-z0-9_]*)");

  /** The internal packages of the queue, beside its API package. */
  private static final List<String> INTERNAL = List.of("core/redis", "core/script", "core/support");

  /**
   * The types of the API package the internal packages may use: value types, exceptions and the
   * metrics hook. The facade, the builder, the admin views and the wiring stay above them.
   */
  private static final Set<String> API_TYPES_FOR_INTERNALS =
      Set.of(
          "DeadLetterInfo",
          "DelayedItemInfo",
          "EvictionPolicyCheck",
          "FailOutcome",
          "InFlightItemInfo",
          "PayloadPreview",
          "QueueNameScan",
          "SafeRedisQueueConfigurationException",
          "SafeRedisQueueConnectionException",
          "SafeRedisQueueDurabilityException",
          "SafeRedisQueueException",
          "SafeRedisQueueFullException",
          "SafeRedisQueueItem",
          "SafeRedisQueueKeys",
          "SafeRedisQueueMetrics",
          "SafeRedisQueuePage",
          "SafeRedisQueueServerInfo",
          "SafeRedisQueueSizes",
          "SafeRedisQueueStats");

  private static Map<String, Set<String>> dependencies;

  /** For each package, the classes of the API package it refers to (top-level simple names). */
  private static Map<String, Set<String>> apiTypesUsed;

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
    Map<String, Set<String>> apiTypes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
        String from = packageOf(root, file);
        Set<String> targets = found.computeIfAbsent(from, key -> new TreeSet<>());
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Matcher matcher = REFERENCE.matcher(text);
        while (matcher.find()) {
          if (!matcher.group(1).equals(from)) {
            targets.add(matcher.group(1));
          }
        }
        Set<String> types = apiTypes.computeIfAbsent(from, key -> new TreeSet<>());
        Matcher api = API_REFERENCE.matcher(text);
        while (api.find()) {
          if (!from.equals("core")) {
            types.add(api.group(1).split("\\$")[0]);
          }
        }
      }
    }
    dependencies = found;
    apiTypesUsed = apiTypes;
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
  void theInternalPackagesAreLayeredBelowTheFacade() {
    assertThat(dependencies).containsKeys("core/redis", "core/script", "core/support");
    assertThat(dependencies.get("core/redis"))
        .as("packages the transport (core.redis) refers to")
        .containsOnly("core");
    assertThat(dependencies.get("core/script"))
        .as("packages the scripts (core.script) refer to")
        .containsOnly("core", "core/redis");
    assertThat(dependencies.get("core/support"))
        .as("packages the roles behind the facade (core.support) refer to")
        .containsOnly("core", "core/redis", "core/script");
    for (String internal : INTERNAL) {
      assertThat(apiTypesUsed.get(internal))
          .as(
              "types of io.saferedisqueue.core that %s refers to (value types, exceptions and the"
                  + " metrics hook only; never the facade, builder, admin views or wiring)",
              internal)
          .isSubsetOf(API_TYPES_FOR_INTERNALS);
    }
  }

  @Test
  void noInternalPackageDependsOnListenerConfigurationOrObservation() {
    for (String internal : INTERNAL) {
      assertThat(dependencies.get(internal))
          .as("packages %s refers to", internal)
          .doesNotContain(
              "listener",
              "listener/api",
              "config",
              "annotation",
              "aot",
              "micrometer",
              "observation");
    }
  }

  @Test
  void onlyTheQueueItselfKnowsTheShardPackage() {
    assertThat(dependencies).containsKey("core/shard");
    dependencies.forEach(
        (from, targets) -> {
          if (!from.equals("core")) {
            assertThat(targets).as("packages %s refers to", from).doesNotContain("core/shard");
          }
        });
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    assertThat(dependencies).containsKeys("core", "listener", "config", "annotation");
    Map<String, Set<String>> layers = new TreeMap<>();
    dependencies.forEach(
        (from, targets) -> {
          Set<String> layerTargets = layers.computeIfAbsent(layerOf(from), key -> new TreeSet<>());
          targets.stream()
              .map(PackageDependencyTests::layerOf)
              .filter(target -> !target.equals(layerOf(from)))
              .forEach(layerTargets::add);
        });
    List<String> cycles = new ArrayList<>();
    for (String start : layers.keySet()) {
      List<String> cycle = cycleThrough(layers, start);
      if (!cycle.isEmpty()) {
        cycles.add(String.join(" -> ", cycle));
      }
    }
    assertThat(cycles).as("package cycles (io.saferedisqueue.*)").isEmpty();
  }

  /**
   * The one exception to {@link #noPackageDependsOnItselfThroughOthers}: {@code core}, its internal
   * packages and {@code core/shard} refer to each other (the facade uses the roles, the roles use
   * the value types), so they are read as one package there, and their own order is pinned by
   * {@link #theInternalPackagesAreLayeredBelowTheFacade}.
   */
  private static String layerOf(String pkg) {
    return INTERNAL.contains(pkg) || pkg.equals("core/shard") ? "core" : pkg;
  }

  /** A path from {@code start} back to itself, or empty; breadth-first, so the shortest one. */
  private static List<String> cycleThrough(Map<String, Set<String>> graph, String start) {
    Map<String, String> reachedFrom = new TreeMap<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String current = todo.removeFirst();
      for (String next : graph.getOrDefault(current, Set.of())) {
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

package io.saferedisqueue.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The options the command line modes accept, and the options part of {@code --help}, both from
 * Spring Boot's configuration metadata ({@code META-INF/spring-configuration-metadata.json} of the
 * starter and of Spring Boot), so that neither can drift from the properties the application binds.
 *
 * <p>Known are {@code --help}, {@code --skip-empty-lines} (producer), every {@code
 * saferedisqueue.*} property, every {@code spring.data.redis.*} property and {@code
 * logging.level.<logger>}; anything else is refused before Spring starts, naming the closest known
 * option.
 */
final class CommandLineOptions {

  /** The producer's opt-in to skip lines that are empty once trimmed. */
  static final String SKIP_EMPTY_LINES = "--skip-empty-lines";

  /** Families of properties the command line accepts: the ones its {@code --help} documents. */
  private static final List<String> FAMILIES =
      List.of("saferedisqueue.", "spring.data.redis.", "logging.level");

  /** Queue settings, listed one by one in {@code --help}: the properties of this class. */
  private static final String QUEUE_SETTINGS =
      "io.saferedisqueue.autoconfigure.SafeRedisQueueProperties";

  private static final int WIDTH = 100;

  /** The end of a sentence: a full stop before the capital letter of the next one. */
  private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=[A-Z])");

  /** A property from the metadata: its name, type and description. */
  record Property(String name, String type, String sourceType, String description) {

    boolean isContainer() {
      return type.startsWith("java.util.Map<")
          || type.startsWith("java.util.List<")
          || type.startsWith("java.util.Set<")
          || type.endsWith("[]");
    }
  }

  private static volatile @Nullable Map<String, Property> known;

  private CommandLineOptions() {}

  /** Every property of the accepted families, by name, from the metadata on the class path. */
  static Map<String, Property> known() {
    Map<String, Property> properties = known;
    if (properties == null) {
      properties = Collections.unmodifiableMap(load());
      known = properties;
    }
    return properties;
  }

  private static Map<String, Property> load() {
    Map<String, Property> properties = new TreeMap<>();
    JsonMapper json = JsonMapper.builder().build();
    try {
      Enumeration<URL> files =
          CommandLineOptions.class
              .getClassLoader()
              .getResources("META-INF/spring-configuration-metadata.json");
      for (URL file : Collections.list(files)) {
        try (InputStream in = file.openStream()) {
          for (JsonNode property : json.readTree(in).path("properties")) {
            String name = property.path("name").asString("");
            if (FAMILIES.stream().anyMatch(name::startsWith)) {
              properties.putIfAbsent(
                  name,
                  new Property(
                      name,
                      property.path("type").asString(""),
                      property.path("sourceType").asString(""),
                      property.path("description").asString("")));
            }
          }
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot read the configuration metadata", ex);
    }
    return properties;
  }

  /**
   * Checks the arguments after the mode: null when all are known, else the one-line error naming
   * the first unknown argument and the closest known option.
   */
  static @Nullable String check(String mode, List<String> arguments) {
    for (String argument : arguments) {
      if (argument.equals(SKIP_EMPTY_LINES)) {
        if (!mode.equals("producer")) {
          return "saferedisqueue: " + SKIP_EMPTY_LINES + " is an option of the producer only";
        }
        continue;
      }
      if (!argument.startsWith("--") || argument.length() == 2) {
        return "saferedisqueue: unexpected argument '"
            + argument
            + "': options are --name=value (see --help)";
      }
      int equals = argument.indexOf('=');
      String name = argument.substring(2, equals < 0 ? argument.length() : equals);
      if (!isKnown(name)) {
        return "saferedisqueue: unknown option --"
            + name
            + "; did you mean --"
            + closest(name)
            + "? (see --help)";
      }
    }
    return null;
  }

  /** Whether a property name (in any of Spring Boot's relaxed forms) is one the mode accepts. */
  static boolean isKnown(String name) {
    ConfigurationPropertyName given = ConfigurationPropertyName.adapt(name, '.');
    if (given.isEmpty()) {
      return false;
    }
    for (Property property : known().values()) {
      ConfigurationPropertyName candidate = ConfigurationPropertyName.of(property.name());
      if (candidate.equals(given) || (property.isContainer() && candidate.isAncestorOf(given))) {
        return true;
      }
    }
    return false;
  }

  /** The known option closest to the name: by edit distance, to the full name or its last part. */
  static String closest(String name) {
    String given = name.toLowerCase(Locale.ROOT);
    List<String> candidates = new ArrayList<>(known().keySet());
    candidates.add(SKIP_EMPTY_LINES.substring(2));
    candidates.add("help");
    return candidates.stream()
        .min(Comparator.comparingInt((String candidate) -> distance(given, candidate)))
        .orElse("help");
  }

  private static int distance(String given, String candidate) {
    int full = levenshtein(given, candidate);
    String last = candidate.substring(candidate.lastIndexOf('.') + 1);
    return Math.min(full, levenshtein(given, last) + 1);
  }

  private static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * The options part of {@code --help}: each queue setting with the values it takes and the first
   * sentence of its description, then the families also accepted.
   */
  static String help() {
    StringBuilder help = new StringBuilder();
    help.append("Options (only these; a misspelled one is refused):\n");
    option(
        help,
        SKIP_EMPTY_LINES,
        "producer: skip lines that are empty once trimmed (by default they"
            + " are pushed as empty items, as the Python producer does)");
    option(help, "--help", "print this text");
    help.append(
        "\nQueue settings (the command line's defaults: name test, autoclean-interval 60s):\n");
    for (Property property : known().values()) {
      if (property.sourceType().equals(QUEUE_SETTINGS) && !property.isContainer()) {
        option(
            help,
            "--"
                + property.name()
                + "="
                + (property.name().endsWith(".url") ? "<url>" : placeholder(property.type())),
            firstSentence(property.description()));
      }
    }
    help.append(
        "\nAlso accepted: the other saferedisqueue.* properties, spring.data.redis.* (Spring Boot's"
            + "\nRedis connection, used when saferedisqueue.url is not set) and"
            + " logging.level.<logger>=<level>.\n");
    return help.toString();
  }

  private static void option(StringBuilder help, String option, String text) {
    help.append("  ").append(option).append('\n');
    StringBuilder line = new StringBuilder("      ");
    for (String word : text.split(" ")) {
      if (line.length() + word.length() + 1 > WIDTH && line.length() > 6) {
        help.append(line.toString().stripTrailing()).append('\n');
        line = new StringBuilder("      ");
      }
      line.append(word).append(' ');
    }
    help.append(line.toString().stripTrailing()).append('\n');
  }

  private static String firstSentence(String description) {
    Matcher end = SENTENCE_END.matcher(description);
    return end.find() ? description.substring(0, end.start() + 1) : description;
  }

  /** What a value of this type looks like, for {@code --help}. */
  static String placeholder(String type) {
    List<String> constants = enumConstants(type);
    if (!constants.isEmpty()) {
      return String.join("|", constants);
    }
    return switch (type) {
      case "java.time.Duration" -> "<duration>";
      case "org.springframework.util.unit.DataSize" -> "<size>";
      case "java.lang.Boolean", "boolean" -> "true|false";
      case "java.lang.Integer", "int", "java.lang.Long", "long" -> "<number>";
      default -> "<text>";
    };
  }

  /** What a value of this type may be, for a configuration error: one phrase. */
  static String allowed(Class<?> type) {
    if (type.isEnum()) {
      return "one of " + String.join(", ", enumConstants(type.getName()));
    }
    return switch (type.getName()) {
      case "java.time.Duration" ->
          "a duration such as 500ms, 30s, 5m or 1h (or ISO-8601 such as PT30S)";
      case "org.springframework.util.unit.DataSize" -> "a size such as 512B, 64KB or 1MB";
      case "java.lang.Boolean", "boolean" -> "true or false";
      case "java.lang.Integer", "int", "java.lang.Long", "long" -> "a whole number";
      case "java.lang.Double", "double" -> "a number";
      default -> "a value of type " + type.getSimpleName();
    };
  }

  private static List<String> enumConstants(String type) {
    try {
      Class<?> found = Class.forName(type, false, CommandLine.class.getClassLoader());
      Object[] constants = found.getEnumConstants();
      if (constants == null) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (Object constant : constants) {
        names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      return names;
    } catch (ClassNotFoundException | LinkageError ex) {
      return List.of();
    }
  }
}

package io.saferedisqueue.core.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.ClassPathResource;

/**
 * Each Lua script's header declares its {@code KEYS[n]} (with their types) and {@code ARGV[n]}; the
 * Java object of the script declares the same keys and arguments, and the script's type check lists
 * the same types. This test reads all three so that they cannot drift apart, and checks the flags
 * line every script starts with.
 */
class ScriptDeclarationsTests {

  private static final Pattern KEY =
      Pattern.compile(
          "^-- KEYS\\[(\\d+)\\]\\s+srq:(NAME|NEXT):(\\S+)\\s+\\((sorted set|list|hash|string)\\b");
  private static final Pattern TYPE_CHECK =
      Pattern.compile(
          "^local wrong = check_key_types\\(\\{([^}]*)\\}\\)\nif wrong then\n  return wrong\nend");
  private static final Pattern TYPE_CHECK_ENTRY = Pattern.compile("'(\\w+)'");
  private static final Pattern FIXED_ARG = Pattern.compile("^-- ARGV\\[(\\d+)\\]\\s");
  private static final Pattern MORE_ARGS = Pattern.compile("^-- ARGV(\\[(\\d+)\\.\\.\\])?\\s");
  private static final Pattern KEY_USE = Pattern.compile("KEYS\\[(\\d+)\\]");
  private static final Pattern ARG_USE = Pattern.compile("ARGV\\[(\\d+)\\]");

  static List<QueueScript<?>> scripts() {
    return List.of(
        PushScript.SCRIPT,
        PushWithHeadersScript.SCRIPT,
        PopScript.SCRIPT,
        AckPopScript.SCRIPT,
        AckScript.SCRIPT,
        FailScript.SCRIPT,
        ReleaseScript.SCRIPT,
        RenewScript.SCRIPT,
        DeadLetterScript.SCRIPT,
        RequeueDeadScript.SCRIPT,
        DeleteDeadScript.SCRIPT,
        AutocleanScript.SCRIPT,
        SizesScript.SCRIPT,
        StatsScript.SCRIPT,
        PruneHeadersScript.SCRIPT,
        HandOffScript.SCRIPT,
        InFlightPageScript.SCRIPT,
        DelayedPageScript.SCRIPT,
        DeadPageScript.SCRIPT,
        ScanQueuesScript.SCRIPT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void headerAndJavaSideDeclareTheSameKeysAndArguments(QueueScript<?> script) throws IOException {
    String text =
        new ClassPathResource("io/saferedisqueue/core/scripts/" + script.name() + ".lua")
            .getContentAsString(StandardCharsets.UTF_8);
    Map<Integer, String> keys = new TreeMap<>();
    Map<Integer, String> types = new TreeMap<>();
    int fixedArgs = 0;
    Integer moreFrom = null;
    List<String> body = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher key = KEY.matcher(line);
      Matcher fixed = FIXED_ARG.matcher(line);
      Matcher more = MORE_ARGS.matcher(line);
      if (key.find()) {
        String suffix = key.group(3);
        keys.put(
            Integer.parseInt(key.group(1)),
            key.group(2).equals("NEXT") ? "NEXT:" + suffix : suffix);
        types.put(
            Integer.parseInt(key.group(1)),
            key.group(4).equals("sorted set") ? "zset" : key.group(4));
      } else if (fixed.find()) {
        fixedArgs = Math.max(fixedArgs, Integer.parseInt(fixed.group(1)));
      } else if (more.find()) {
        moreFrom = more.group(2) == null ? 1 : Integer.parseInt(more.group(2));
      } else if (!line.startsWith("--") && !line.startsWith("#!") && !line.isBlank()) {
        body.add(line);
      }
    }
    assertThat(keys.keySet())
        .as("KEYS numbered 1..n")
        .containsExactlyElementsOf(range(keys.size()));
    assertThat(List.copyOf(keys.values())).as("KEYS of " + script.name()).isEqualTo(script.keys());
    assertThat(fixedArgs).as("fixed ARGV of " + script.name()).isEqualTo(script.fixedArgs().size());
    assertThat(moreFrom != null)
        .as("further ARGV of " + script.name())
        .isEqualTo(script.moreArgs());
    if (moreFrom != null) {
      assertThat(moreFrom).as("further ARGV start after the fixed ones").isEqualTo(fixedArgs + 1);
    }
    String code = String.join("\n", body);
    assertThat(text)
        .as(script.name() + " includes the key type check")
        .contains("\n--! use keytypes\n");
    Matcher check = TYPE_CHECK.matcher(code);
    assertThat(check.find())
        .as(script.name() + " checks the types of its keys before anything else")
        .isTrue();
    List<String> checked = new ArrayList<>();
    Matcher entry = TYPE_CHECK_ENTRY.matcher(check.group(1));
    while (entry.find()) {
      checked.add(entry.group(1));
    }
    assertThat(checked)
        .as("types checked by " + script.name() + ", in KEYS order, as its header says")
        .containsExactlyElementsOf(types.values());
    // With the fragments included, as Redis receives it: the code uses no KEYS or ARGV beyond those
    // declared.
    code =
        String.join(
            "\n", QueueScript.expand(text).lines().filter(l -> !l.startsWith("--")).toList());
    assertThat(maxIndex(KEY_USE, code))
        .as("KEYS used by the code")
        .isLessThanOrEqualTo(keys.size());
    if (moreFrom == null) {
      assertThat(maxIndex(ARG_USE, code))
          .as("ARGV used by the code")
          .isLessThanOrEqualTo(fixedArgs);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void everyScriptStartsWithItsFlagsLine(QueueScript<?> script) throws IOException {
    String text =
        new ClassPathResource("io/saferedisqueue/core/scripts/" + script.name() + ".lua")
            .getContentAsString(StandardCharsets.UTF_8);
    String first = text.substring(0, text.indexOf('\n'));
    String expected =
        switch (script.name()) {
          // Refused as a whole over maxmemory: a full Redis must not take new items.
          case "push", "pushheaders", "handoff" -> "#!lua";
          case "sizes", "stats", "inflight", "delayedpage", "deadpage", "scanqueues" ->
              "#!lua flags=no-writes";
          // Consumers drain a full Redis.
          default -> "#!lua flags=allow-oom";
        };
    assertThat(first).isEqualTo(expected);
    String legacy = script.variant(false).getScriptAsString();
    assertThat(legacy).as("the variant for Redis < 7 has no flags line").doesNotStartWith("#!");
    assertThat(legacy.lines().count())
        .as("and keeps the line numbers")
        .isEqualTo(QueueScript.expand(text).lines().count());
    assertThat(script.variant(true).getScriptAsString()).isEqualTo(QueueScript.expand(text));
  }

  @Test
  void everyScriptFileHasItsJavaObject() throws IOException {
    Path directory = Paths.get("src/main/resources/io/saferedisqueue/core/scripts");
    List<String> files;
    try (Stream<Path> list = Files.list(directory)) {
      files =
          list.map(path -> path.getFileName().toString())
              .filter(name -> name.endsWith(".lua"))
              .map(name -> name.substring(0, name.length() - 4))
              .sorted()
              .toList();
    }
    assertThat(files)
        .containsExactlyInAnyOrderElementsOf(scripts().stream().map(QueueScript::name).toList());
  }

  private static List<Integer> range(int n) {
    List<Integer> values = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      values.add(i);
    }
    return values;
  }

  private static int maxIndex(Pattern pattern, String code) {
    Matcher matcher = pattern.matcher(code);
    int max = 0;
    while (matcher.find()) {
      max = Math.max(max, Integer.parseInt(matcher.group(1)));
    }
    return max;
  }
}

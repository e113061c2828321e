package io.saferedisqueue.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code --key=value} options of the benchmark jar, with clear errors for bad values. */
final class BenchmarkOptions {

  private final Map<String, String> values = new HashMap<>();

  BenchmarkOptions(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException(
            "Unexpected argument '" + arg + "': options are --name=value, e.g. --n=100000");
      }
      int eq = arg.indexOf('=');
      values.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
  }

  String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  int positiveInt(String name, int defaultValue) {
    String text = values.get(name);
    if (text == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text.replace("_", ""));
      if (value < 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(
          "--" + name + "=" + text + " is not allowed: expected a whole number >= 1");
    }
  }
}

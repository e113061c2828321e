package io.saferedisqueue.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sample app as a separate process: {@code java -jar} on the repackaged jar that failsafe names
 * in the system property {@code sample.jar}, or, when there is none (a run from an IDE), {@code
 * java -cp <test class path> io.saferedisqueue.sample.SampleApplication}.
 */
final class SampleProcess implements AutoCloseable {

  private final Process process;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final StringBuffer stderr = new StringBuffer();
  private final Thread stdoutReader;
  private final Thread stderrReader;

  private SampleProcess(Process process) {
    this.process = process;
    this.stdoutReader = pump(process.getInputStream(), stdout::add, "stdout");
    this.stderrReader =
        pump(process.getErrorStream(), line -> stderr.append(line).append('\n'), "stderr");
  }

  static SampleProcess start(String... args) {
    return startWithJvmOptions(List.of(), args);
  }

  /** Starts the app with these JVM options (before {@code -jar}) and arguments. */
  static SampleProcess startWithJvmOptions(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>(command());
    command.addAll(1, jvmOptions);
    command.addAll(List.of(args));
    try {
      return new SampleProcess(new ProcessBuilder(command).start());
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot start " + command, ex);
    }
  }

  /** Whether the app runs from the repackaged jar (which holds the AOT-generated classes). */
  static boolean fromJar() {
    String jar = System.getProperty("sample.jar");
    return jar != null && Files.isRegularFile(Path.of(jar));
  }

  /** How the app is started: the jar when there is one, else the class path. */
  static String describe() {
    return String.join(" ", command());
  }

  private static List<String> command() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("sample.jar");
    if (jar != null && Files.isRegularFile(Path.of(jar))) {
      return List.of(java, "-jar", jar);
    }
    return List.of(
        java, "-cp", System.getProperty("java.class.path"), SampleApplication.class.getName());
  }

  /** Writes these lines to the process's standard input and closes it. */
  SampleProcess input(List<String> lines) {
    try (var in = process.getOutputStream()) {
      for (String line : lines) {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return this;
  }

  /** The process's standard input, for lines written one at a time. */
  Input openInput() {
    return new Input(process.getOutputStream());
  }

  /** Standard input of the process, open until closed. */
  record Input(java.io.OutputStream stream) implements AutoCloseable {

    /** Writes the line and flushes it to the process. */
    void line(String line) {
      try {
        stream.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stream.flush();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }

  /** Sends SIGTERM and waits for the process to end; returns its exit status. */
  int terminate(long seconds) throws InterruptedException {
    process.destroy();
    return waitFor(seconds);
  }

  /** Waits for the process to end and returns its exit status. */
  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "The sample app did not end within " + seconds + "s; stderr:\n" + stderr());
    }
    stdoutReader.join(5000);
    stderrReader.join(5000);
    return process.exitValue();
  }

  /** The next line of standard output, or null when none came in time. */
  String nextLine(long millis) throws InterruptedException {
    return stdout.poll(millis, TimeUnit.MILLISECONDS);
  }

  List<String> remainingLines() {
    List<String> lines = new ArrayList<>();
    stdout.drainTo(lines);
    return lines;
  }

  String stderr() {
    return stderr.toString();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Thread pump(
      InputStream stream, java.util.function.Consumer<String> sink, String name) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  sink.accept(line);
                }
              } catch (IOException ex) {
                // The process ended.
              }
            },
            "sample-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}

package io.saferedisqueue.faulttests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link FaultConsumerApplication} in its own JVM, with its output in a file. */
final class ConsumerProcess implements AutoCloseable {

  private final Process process;
  private final Path output;

  private ConsumerProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static ConsumerProcess start(String... args) throws IOException {
    Path output = Files.createTempFile("fault-consumer-", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FaultConsumerApplication.class.getName());
    command.add("--spring.main.banner-mode=off");
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new ConsumerProcess(process, output);
  }

  /** SIGKILL, as a crash or an OOM killer would end it; waits until it is gone. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** SIGTERM, as a service manager stops it; returns at once. */
  void terminate() {
    process.destroy();
  }

  /** Waits at most this long for the process to end; whether it did. */
  boolean waitForExit(java.time.Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException ex) {
      return "(no output: " + ex.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        killHard();
      }
    }
  }
}

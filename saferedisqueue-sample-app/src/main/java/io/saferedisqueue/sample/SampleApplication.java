package io.saferedisqueue.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample application. Without arguments it runs the demo until stopped: {@link DemoProducer}
 * pushes a few orders and greetings, {@link OrderListener} and {@link GreetingListener} consume
 * them (the order listener fails now and then, to show the requeue). With {@code producer} or
 * {@code consumer} as first argument it runs the seed's {@link CommandLine} instead; {@code --help}
 * and an unknown mode print the usage.
 */
@SpringBootApplication
public class SampleApplication {

  /** Runs the demo, or the command line when the first argument is a command. */
  public static void main(String[] args) {
    Integer answered = CommandLine.answerWithoutStarting(args, System.out, System.err);
    if (answered != null) {
      System.exit(answered);
    }
    if (CommandLine.isCommand(args)) {
      System.exit(CommandLine.run(args));
    }
    SpringApplication.run(SampleApplication.class, args);
  }
}

package io.ao.loadtest;

import io.ao.loadtest.cli.LoadTestCommand;
import java.time.Clock;

/**
 * {@code java -jar loadtest/target/loadtest.jar <scenario> [options]}; {@code --help} lists the
 * scenarios, {@code <scenario> --help} a scenario's options, and the README's "Load testing"
 * section has one command per scenario.
 *
 * <ul>
 *   <li>{@code seed-mix | burst | reads | writes}: HTTP load against --url (see {@link
 *       HttpLoadRun});
 *   <li>{@code jobs}: noop tasks straight onto a queue, drained by workers;
 *   <li>{@code calibrate}: the box's ceiling, an in-process server measured by the same generator;
 *   <li>{@code startup}: process start to /health/ready for the API and the worker.
 * </ul>
 *
 * Exit codes (picocli's): 0 done or help shown, 1 the run failed, 2 the command line is wrong
 * (nothing ran).
 */
public final class LoadTestMain {

  private LoadTestMain() {}

  public static void main(String[] args) {
    System.exit(LoadTestCommand.create(new Runs(Clock.systemUTC())).execute(args));
  }
}

package io.ao.cli;

/** The jar's entry point. */
public final class AoMain {

  private AoMain() {}

  public static void main(String[] args) {
    System.exit(Ao.execute(args, Terminal.system()));
  }
}

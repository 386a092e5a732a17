package io.ao.cli;

import io.ao.cli.http.ApiClient;
import io.ao.cli.login.Credentials;
import io.ao.cli.login.TokenFile;
import io.ao.cli.output.Output;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A leaf command: it reaches the terminal, the output and the API through the root {@link Ao}. It
 * finishes (exit 0) or throws a {@link CliFailure}.
 */
public abstract class AoCommand implements Callable<Integer> {

  @Spec protected CommandSpec spec;

  protected abstract void run();

  @Override
  public final Integer call() {
    run();
    return ExitCode.OK.code();
  }

  protected Ao root() {
    return (Ao) spec.root().userObject();
  }

  protected Terminal terminal() {
    return root().terminal();
  }

  protected Output output() {
    return new Output(terminal().out(), root().jsonOutput());
  }

  protected TokenFile tokenFile() {
    return TokenFile.of(terminal());
  }

  protected URI server() {
    return Credentials.server(root().urlOption(), terminal(), tokenFile());
  }

  /** The API with this command's credential; not authenticated (exit 4) when there is none. */
  protected ApiClient api() {
    URI server = server();
    return new ApiClient(server, Credentials.credential(server, terminal(), tokenFile()));
  }
}

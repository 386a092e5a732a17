package io.ao.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import io.ao.cli.AoCommand;
import io.ao.cli.CliFailure;
import io.ao.cli.ExitCode;
import io.ao.cli.Terminal;
import io.ao.cli.http.ApiClient;
import io.ao.cli.http.ApiResponse;
import java.net.URI;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** POST /api/auth/login, and the token kept in the token file (mode 0600). */
@Command(
    name = "login",
    description = {
      "Log in with a username and password; the token goes to $XDG_CONFIG_HOME/ao/token.json"
          + " (else ~/.config/ao/token.json), readable only by you.",
      "Asks for what is not given, on a terminal; scripts use --username and --password-stdin."
    })
public final class LoginCommand extends AoCommand {

  @Option(
      names = {"-u", "--username"},
      paramLabel = "NAME")
  String username;

  @Option(
      names = "--password-stdin",
      description = "read the password from the first line of stdin")
  boolean passwordStdin;

  @Override
  protected void run() {
    Terminal terminal = terminal();
    URI server = server();
    String name = username != null ? username : ask("Username: ");
    String password = passwordStdin ? stdinPassword(terminal) : askPassword();
    JsonNode body =
        ApiClient.JSON.createObjectNode().put("username", name).put("password", password);
    ApiResponse answer = new ApiClient(server, null).post("/api/auth/login").body(body).send();
    String token = answer.body().path("access_token").asText(null);
    long expiresIn = answer.body().path("expires_in").asLong(0);
    if (token == null || expiresIn <= 0) {
      throw new CliFailure(
          ExitCode.UNAVAILABLE, "the login answer of " + server + " has no access_token");
    }
    long expiresAt = Instant.now().getEpochSecond() + expiresIn;
    TokenFile file = tokenFile();
    file.write(new StoredLogin(server.toString(), name, token, expiresAt));
    if (output().json()) {
      output()
          .json(
              ApiClient.JSON
                  .createObjectNode()
                  .put("url", server.toString())
                  .put("username", name)
                  .put("expires_at", Instant.ofEpochSecond(expiresAt).toString())
                  .put("token_file", file.path().toString()));
    } else {
      output()
          .line(
              "Logged in to "
                  + server
                  + " as "
                  + name
                  + " until "
                  + Instant.ofEpochSecond(expiresAt)
                  + " (token in "
                  + file.path()
                  + ")");
    }
  }

  private String ask(String prompt) {
    Terminal.Prompter prompter = terminal().prompter();
    if (prompter == null) {
      throw CliFailure.usage("no terminal to ask for the username: give --username");
    }
    String answer = prompter.readLine(prompt);
    if (answer == null || answer.isBlank()) {
      throw CliFailure.usage("no username given");
    }
    return answer.trim();
  }

  private String askPassword() {
    Terminal.Prompter prompter = terminal().prompter();
    if (prompter == null) {
      throw CliFailure.usage("no terminal to ask for the password: use --password-stdin");
    }
    char[] answer = prompter.readPassword("Password: ");
    if (answer == null || answer.length == 0) {
      throw CliFailure.usage("no password given");
    }
    return new String(answer);
  }

  private static String stdinPassword(Terminal terminal) {
    String line = terminal.readStdinLine();
    if (line == null || line.isEmpty()) {
      throw CliFailure.usage("--password-stdin: stdin had no password line");
    }
    return line;
  }
}

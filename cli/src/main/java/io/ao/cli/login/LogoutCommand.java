package io.ao.cli.login;

import io.ao.cli.AoCommand;
import io.ao.cli.http.ApiClient;
import picocli.CommandLine.Command;

/**
 * Removes the token file. The token itself stays valid on the server until it expires (the API has
 * no token revocation; an API key is revoked with DELETE /api/auth/keys/{id}).
 */
@Command(name = "logout", description = "Remove the token that 'ao login' stored.")
public final class LogoutCommand extends AoCommand {

  @Override
  protected void run() {
    TokenFile file = tokenFile();
    boolean removed = file.delete();
    if (output().json()) {
      output()
          .json(
              ApiClient.JSON
                  .createObjectNode()
                  .put("token_file", file.path().toString())
                  .put("removed", removed));
    } else {
      output().line(removed ? "Logged out (removed " + file.path() + ")" : "Not logged in");
    }
  }
}

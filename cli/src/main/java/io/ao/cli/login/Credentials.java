package io.ao.cli.login;

import io.ao.cli.CliFailure;
import io.ao.cli.ExitCode;
import io.ao.cli.Terminal;
import io.ao.cli.http.Credential;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Optional;

/**
 * Which server and which credential a command uses. The server: {@code --url}, else {@code AO_URL},
 * else the one of the last login, else {@code http://127.0.0.1:8080}. The credential: {@code
 * AO_API_KEY}, else the login's token, but only toward the server it was issued by.
 */
public final class Credentials {

  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  private Credentials() {}

  public static URI server(String urlOption, Terminal terminal, TokenFile tokens) {
    if (urlOption != null) {
      return parse(urlOption, "--url");
    }
    String env = terminal.env("AO_URL");
    if (env != null) {
      return parse(env, "AO_URL");
    }
    Optional<StoredLogin> login;
    try {
      login = tokens.read();
    } catch (CliFailure unreadable) {
      // a broken token file must not keep 'ao login' from writing a good one
      login = Optional.empty();
    }
    return parse(login.map(StoredLogin::url).orElse(DEFAULT_URL), tokens.path().toString());
  }

  public static Credential credential(URI server, Terminal terminal, TokenFile tokens) {
    String key = terminal.env("AO_API_KEY");
    if (key != null) {
      return Credential.apiKey(key.trim());
    }
    StoredLogin login =
        tokens
            .read()
            .orElseThrow(
                () ->
                    new CliFailure(
                        ExitCode.UNAUTHENTICATED,
                        "not logged in: run 'ao login' or set AO_API_KEY"));
    if (!sameServer(login.url(), server)) {
      throw new CliFailure(
          ExitCode.UNAUTHENTICATED,
          "not logged in to "
              + server
              + " (the login in "
              + tokens.path()
              + " is for "
              + login.url()
              + "): run 'ao login' or set AO_API_KEY");
    }
    if (login.expired(Instant.now().getEpochSecond())) {
      throw new CliFailure(
          ExitCode.UNAUTHENTICATED,
          "the login of "
              + login.username()
              + " to "
              + login.url()
              + " expired at "
              + Instant.ofEpochSecond(login.expiresAt())
              + ": run 'ao login' again");
    }
    return Credential.bearer(login.accessToken());
  }

  /** An http(s) URL with a host, without a trailing slash; else a usage error naming its source. */
  public static URI parse(String raw, String source) {
    try {
      URI uri = new URI(raw.trim().replaceAll("/+$", ""));
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw CliFailure.usage(source + ": expected an http(s) URL like " + DEFAULT_URL);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw CliFailure.usage(source + ": not a URL: " + e.getReason());
    }
  }

  private static boolean sameServer(String stored, URI server) {
    try {
      return parse(stored, "token file").equals(server);
    } catch (CliFailure e) {
      return false;
    }
  }
}

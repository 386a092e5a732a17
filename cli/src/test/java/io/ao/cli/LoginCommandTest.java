package io.ao.cli;

import static io.ao.cli.AoCommandsTest.assertOneLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ao.api.support.RunningApi;
import io.ao.cli.support.AoRunner;
import io.ao.cli.support.AoRunner.Result;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code ao login} and {@code ao logout} against the real API: the token file and its mode. */
@ExtendWith(RedisServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Vertx vertx;
  private RunningApi api;
  @TempDir Path configHome;
  private AoRunner ao;
  private Path tokenFile;

  @BeforeAll
  void startApi(LocalRedisServer server) {
    vertx = Vertx.vertx();
    api = RunningApi.start(vertx, server, Map.of());
  }

  @AfterAll
  void stopApi() {
    api.close();
    RunningApi.await(vertx.close());
  }

  @BeforeEach
  void runner() {
    ao = new AoRunner(configHome).env("AO_URL", url());
    tokenFile = configHome.resolve("ao").resolve("token.json");
  }

  @Test
  void loginStoresAToken0600ThatLaterCommandsUseAndLogoutRemovesIt() throws IOException {
    Result login =
        ao.stdin(RunningApi.ADMIN_PASSWORD + "\n")
            .run("login", "--username", "admin", "--password-stdin");
    assertThat(login.exitCode()).as(login.err()).isZero();
    assertThat(login.out()).startsWith("Logged in to " + url() + " as admin until ");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile.getParent())))
        .isEqualTo("rwx------");
    JsonNode stored = JSON.readTree(tokenFile.toFile());
    assertThat(stored.get("url").asText()).isEqualTo(url());
    assertThat(stored.get("username").asText()).isEqualTo("admin");
    String token = stored.get("access_token").asText();
    assertThat(token).isNotBlank();
    assertThat(login.out()).doesNotContain(token);

    // the server comes from the login too
    Result queues = ao.env("AO_URL", null).run("queues");
    assertThat(queues.exitCode()).as(queues.err()).isZero();
    assertThat(queues.out()).contains("default");

    // the token is only ever sent to the server it came from
    Result elsewhere = ao.run("queues", "--url", "http://127.0.0.1:" + FreePort.find());
    assertThat(elsewhere.exitCode()).isEqualTo(4);
    assertOneLine(elsewhere, "ao: not logged in to http://127.0.0.1:");

    Result logout = ao.run("logout");
    assertThat(logout.exitCode()).isZero();
    assertThat(logout.out()).contains("Logged out");
    assertThat(tokenFile).doesNotExist();
    Result after = ao.env("AO_URL", url()).run("queues");
    assertThat(after.exitCode()).isEqualTo(4);
    assertOneLine(after, "ao: not logged in: run 'ao login' or set AO_API_KEY");
    assertThat(ao.run("logout").out()).contains("Not logged in");
  }

  @Test
  void aWrongPasswordIsA401OnOneLineAndWritesNoFile() {
    Result refused = ao.stdin("not-the-password\n").run("login", "-u", "admin", "--password-stdin");
    assertThat(refused.exitCode()).isEqualTo(4);
    assertOneLine(refused, "ao: 401 ");
    assertThat(tokenFile).doesNotExist();
  }

  @Test
  void withoutATerminalThePasswordMustComeFromStdin() {
    Result noTerminal = ao.notAtTerminal().run("login", "-u", "admin");
    assertThat(noTerminal.exitCode()).isEqualTo(2);
    assertOneLine(noTerminal, "ao: no terminal to ask for the password: use --password-stdin");

    Result emptyStdin = ao.stdin("").run("login", "-u", "admin", "--password-stdin");
    assertThat(emptyStdin.exitCode()).isEqualTo(2);
    assertOneLine(emptyStdin, "ao: --password-stdin: stdin had no password line");
  }

  @Test
  void atATerminalItAsksForTheUsernameAndPassword() throws IOException {
    Result login = ao.atTerminal("admin", RunningApi.ADMIN_PASSWORD).run("login", "--json");
    assertThat(login.exitCode()).as(login.err()).isZero();
    JsonNode answer = JSON.readTree(login.out());
    assertThat(answer.get("username").asText()).isEqualTo("admin");
    assertThat(answer.get("token_file").asText()).isEqualTo(tokenFile.toString());
    assertThat(answer.has("access_token")).isFalse();
    assertThat(ao.notAtTerminal().run("queues").exitCode()).isZero();
  }

  @Test
  void anExpiredOrForeignTokenFileIsNotAuthenticated() throws IOException {
    Files.createDirectories(tokenFile.getParent());
    Files.writeString(
        tokenFile,
        "{\"url\": \""
            + url()
            + "\", \"username\": \"admin\", \"access_token\": \"x\", \"expires_at\": 1}");
    Result expired = ao.run("queues");
    assertThat(expired.exitCode()).isEqualTo(4);
    assertOneLine(expired, "ao: the login of admin to " + url() + " expired at ");

    Files.writeString(tokenFile, "not json");
    Result broken = ao.run("queues");
    assertThat(broken.exitCode()).isEqualTo(4);
    assertOneLine(broken, "ao: " + tokenFile + " is not a token file of ao");
    // and a new login replaces it
    Result login =
        ao.stdin(RunningApi.ADMIN_PASSWORD + "\n").run("login", "-u", "admin", "--password-stdin");
    assertThat(login.exitCode()).as(login.err()).isZero();
    assertThat(ao.run("queues").exitCode()).isZero();
  }

  private String url() {
    return "http://127.0.0.1:" + api.port();
  }
}

package io.ao.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import io.ao.cli.CliFailure;
import io.ao.cli.ExitCode;
import io.ao.cli.Terminal;
import io.ao.cli.http.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The login's token at {@code $XDG_CONFIG_HOME/ao/token.json} (else {@code ~/.config/ao/}), mode
 * 0600 in a 0700 directory. It is written to a temp file created with those permissions and then
 * moved into place, so the token is never readable by others, not even for a moment.
 */
public final class TokenFile {

  private final Path path;

  public TokenFile(Path path) {
    this.path = path;
  }

  public static TokenFile of(Terminal terminal) {
    String config = terminal.env("XDG_CONFIG_HOME");
    Path dir;
    if (config != null) {
      dir = Path.of(config);
    } else {
      String home = terminal.env("HOME");
      dir = Path.of(home != null ? home : System.getProperty("user.home"), ".config");
    }
    return new TokenFile(dir.resolve("ao").resolve("token.json"));
  }

  public Path path() {
    return path;
  }

  public Optional<StoredLogin> read() {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliFailure(ExitCode.UNAUTHENTICATED, "cannot read " + path + ": " + e.getMessage());
    }
    StoredLogin login;
    try {
      JsonNode json = ApiClient.JSON.readTree(text);
      login = json == null ? null : StoredLogin.fromJson(json);
    } catch (IOException e) {
      login = null;
    }
    if (login == null) {
      throw new CliFailure(
          ExitCode.UNAUTHENTICATED, path + " is not a token file of ao; run 'ao login' again");
    }
    return Optional.of(login);
  }

  public void write(StoredLogin login) {
    try {
      Path dir = path.getParent();
      createPrivateDirectory(dir);
      Path temp =
          Files.createTempFile(
              dir,
              ".token-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temp, login.toJson().toString() + "\n", StandardCharsets.UTF_8);
        move(temp);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw CliFailure.usage("cannot write " + path + ": " + e.getMessage());
    }
  }

  /** True when there was a file to remove. */
  public boolean delete() {
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      throw CliFailure.usage("cannot remove " + path + ": " + e.getMessage());
    }
  }

  private void move(Path temp) throws IOException {
    try {
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir.getParent());
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException raced) {
      // another ao made it meanwhile
    }
  }
}

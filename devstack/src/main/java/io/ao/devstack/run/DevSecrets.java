package io.ao.devstack.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets for a laptop run: generated once, kept under ./var (owner-only), reused on every start so
 * tokens survive a restart. Production takes them from the environment instead.
 */
final class DevSecrets {

  private final Path dir;

  DevSecrets(Path dir) {
    this.dir = dir;
  }

  String jwtSecret() {
    Path file = dir.resolve("jwt-secret");
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file).trim();
      }
      byte[] bytes = new byte[48];
      new SecureRandom().nextBytes(bytes);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Files.createDirectories(dir);
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      }
      Files.writeString(file, secret);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the JWT secret in " + file, e);
    }
  }
}

package io.ao.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With no users at all, creates "admin" with AO_ADMIN_PASSWORD, or with a random password printed
 * once on the console (never through the logger) and, when auth.admin_password_file is set (the run
 * command sets it), written to that file.
 */
public final class FirstAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);
  public static final String USERNAME = "admin";

  private final Vertx vertx;
  private final Security security;

  public FirstAdmin(Vertx vertx, Security security) {
    this.vertx = vertx;
    this.security = security;
  }

  /** Completes with true when an admin was created now, false when users existed already. */
  public Future<Boolean> ensure() {
    return security
        .users()
        .count()
        .compose(
            count -> {
              if (count > 0) {
                return Future.succeededFuture(false);
              }
              boolean generated = security.auth().adminPassword().isEmpty();
              String password = generated ? randomPassword() : security.auth().adminPassword();
              return security
                  .hash(password)
                  .compose(hash -> security.users().create(USERNAME, Role.ADMIN, hash))
                  .compose(
                      created ->
                          created && generated
                              ? announce(password).map(true)
                              : Future.succeededFuture(created));
            });
  }

  private Future<Void> announce(String password) {
    String file = security.auth().adminPasswordFile();
    System.out.println(
        "==> First start: created user 'admin' with the generated password "
            + password
            + " (shown once; set AO_ADMIN_PASSWORD to choose it)");
    if (file.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx
        .executeBlocking(
            () -> {
              writeOwnerOnly(Path.of(file), password);
              return null;
            },
            false)
        .<Void>mapEmpty()
        .onFailure(
            failure ->
                LOG.warn(
                    "could not write the admin password file {}: {}", file, failure.getMessage()));
  }

  private static void writeOwnerOnly(Path file, String password) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, password + System.lineSeparator());
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

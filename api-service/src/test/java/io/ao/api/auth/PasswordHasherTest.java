package io.ao.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Argon2id hashes in the PHC form, the earlier PBKDF2 form still verified, outdated ones told. */
class PasswordHasherTest {

  private static final PasswordHasher.Cost CHEAP = new PasswordHasher.Cost(1024, 1, 1);
  private final PasswordHasher hasher = new PasswordHasher(CHEAP);

  @Test
  void theReferenceImplementationsTestVectorVerifies() {
    // argon2 reference implementation (P-H-C/phc-winner-argon2, src/test.c), Argon2id v1.3,
    // t=2, m=2^16, p=1, password "password", salt "somesalt"
    String vector =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    PasswordHasher owasp = new PasswordHasher(PasswordHasher.Cost.OWASP);
    assertThat(owasp.verify("password", vector))
        .as("right password, another cost than the configured one")
        .isEqualTo(new PasswordHasher.Verdict(true, true));
    assertThat(owasp.verify("Password", vector).valid()).isFalse();
  }

  @Test
  void aHashIsArgon2idInThePhcFormAndVerifiesOnlyItsPassword() {
    String hash = hasher.hash("correct horse battery staple");
    assertThat(hash)
        .matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(hasher.hash("correct horse battery staple")).as("salted").isNotEqualTo(hash);
    assertThat(hasher.verify("correct horse battery staple", hash))
        .isEqualTo(new PasswordHasher.Verdict(true, false));
    assertThat(hasher.verify("correct horse battery stapler", hash))
        .isEqualTo(new PasswordHasher.Verdict(false, false));
  }

  @Test
  void aHashOfAnotherCostIsOutdatedOnceItsPasswordIsProved() {
    String stronger = new PasswordHasher(new PasswordHasher.Cost(2048, 2, 1)).hash("pw-123456789");
    assertThat(hasher.verify("pw-123456789", stronger))
        .isEqualTo(new PasswordHasher.Verdict(true, true));
    assertThat(hasher.verify("wrong", stronger))
        .isEqualTo(new PasswordHasher.Verdict(false, false));
  }

  @Test
  void theEarlierPbkdf2FormStillVerifiesAndIsOutdated() {
    String old = LegacyPasswords.pbkdf2("an-old-release-password", 10_000);
    assertThat(hasher.verify("an-old-release-password", old))
        .isEqualTo(new PasswordHasher.Verdict(true, true));
    assertThat(hasher.verify("another", old).valid()).isFalse();
  }

  @Test
  void noStoredHashOrAnUnreadableOneIsNeverValid() {
    assertThat(hasher.verify("anything", null).valid()).as("unknown user").isFalse();
    for (String unreadable :
        new String[] {
          "",
          "plain-text-password",
          "pbkdf2-sha256$abc$xx$yy",
          "pbkdf2-sha256$99999999999$c2FsdA$aGFzaA",
          // a cost no configuration allows: refused before any memory is taken
          "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
          "$argon2id$v=19$m=65536,t=99,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
          "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
        }) {
      assertThat(hasher.verify("password", unreadable).valid()).as(unreadable).isFalse();
    }
  }

  @Test
  void anIndependentImplementationVerifiesOurHash() throws Exception {
    // Debian's python3-argon2 (argon2-cffi over the reference C implementation)
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python)
        || run(python.toString(), "-c", "import argon2").exitValue() != 0) {
      System.out.println("skipped: no python3-argon2 to check our hashes against");
      return;
    }
    String hash = new PasswordHasher(PasswordHasher.Cost.OWASP).hash("pässwörd 123");
    Process check =
        run(
            python.toString(),
            "-c",
            "import sys, argon2; print(argon2.PasswordHasher().verify(sys.argv[1], sys.argv[2]))",
            hash,
            "pässwörd 123");
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    System.out.println("python3-argon2 verifies " + hash + ": " + out);
    assertThat(out).isEqualTo("True");
  }

  private static Process run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process;
  }
}

package io.ao.shared.config;

/**
 * The mail server ({@code email.smtp}). An empty host means "no mail": email steps are skipped.
 *
 * @param username empty for a server that takes mail without logging in
 */
public record SmtpConfig(String host, int port, boolean ssl, String username, String password) {

  static SmtpConfig read(ConfigReader config) {
    return new SmtpConfig(
        config.string("email.smtp.host"),
        config.requiredInt("email.smtp.port", 1, 65_535),
        config.bool("email.smtp.ssl"),
        config.string("email.smtp.username"),
        config.string("email.smtp.password"));
  }

  public boolean configured() {
    return !host.isBlank();
  }

  public boolean authenticates() {
    return !username.isEmpty();
  }

  /** Never print the password. */
  @Override
  public String toString() {
    return "SmtpConfig[" + host + ":" + port + (ssl ? ", ssl" : "") + "]";
  }
}

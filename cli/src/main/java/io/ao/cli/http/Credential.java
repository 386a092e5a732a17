package io.ao.cli.http;

/** How a request proves who sends it: an API key, or the bearer token of an {@code ao login}. */
public record Credential(String header, String value) {

  public static Credential apiKey(String key) {
    return new Credential("X-API-Key", key);
  }

  public static Credential bearer(String token) {
    return new Credential("Authorization", "Bearer " + token);
  }

  @Override
  public String toString() {
    // never the secret: a record's default toString would print it into a log or an error line
    return "Credential[" + header + "]";
  }
}

package io.ao.api.fuzz;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * A request exactly as it goes on the wire (the URI is not re-encoded), with what it was made from:
 * the mutation applied and the credentials sent. {@code leavesRoute} when the path no longer names
 * the operation's route (tampered with, or a parameter left empty).
 */
record FuzzRequest(
    String method,
    String uri,
    MultiMap headers,
    Buffer body,
    Mutation mutation,
    Credential credential,
    boolean leavesRoute) {

  /** Enough to replay it by hand: method, URI, headers and the start of the body. */
  String describe() {
    StringBuilder out = new StringBuilder(method).append(' ').append(abbreviate(uri, 300));
    headers.forEach(
        header -> {
          String value =
              header.getKey().equalsIgnoreCase("Authorization")
                      || header.getKey().equalsIgnoreCase("X-API-Key")
                  ? "<" + credential.name().toLowerCase(Locale.ROOT) + ">"
                  : header.getValue();
          out.append(" | ").append(header.getKey()).append(": ").append(abbreviate(value, 120));
        });
    if (body != null) {
      out.append(" | body (")
          .append(body.length())
          .append(" bytes): ")
          .append(abbreviate(body.toString(), 300));
    }
    return out.toString();
  }

  static String abbreviate(String text, int max) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= max ? printable : printable.substring(0, max) + "...";
  }
}

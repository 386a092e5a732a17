package io.ao.cli;

/** What {@code ao} exits with; the same table is in {@code ao --help} and the README. */
public enum ExitCode {
  OK(0, "done"),
  REFUSED(1, "the server refused the request (a 4xx other than 401: not found, invalid, conflict)"),
  USAGE(
      2, "usage error: a bad option or argument, an unreadable file, --all refused without --yes"),
  UNAVAILABLE(3, "cannot reach the server, or it failed (5xx) or gave an answer ao cannot read"),
  UNAUTHENTICATED(4, "not authenticated: no login or API key, or the server said 401");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  /** The help footer's lines. */
  static String[] helpLines() {
    ExitCode[] all = values();
    String[] lines = new String[all.length + 1];
    lines[0] = "%nExit codes:";
    for (int i = 0; i < all.length; i++) {
      lines[i + 1] = "  " + all[i].code + "  " + all[i].meaning;
    }
    return lines;
  }
}

package io.ao.api.http;

/** The {@code ?limit=} of every list: default 50, at most 500. */
public final class PageLimits {

  public static final int DEFAULT = 50;
  public static final int MAX = 500;

  private PageLimits() {}

  /** The limit asked for, or null when it is not an integer between 1 and 500. */
  public static Integer parse(String raw) {
    if (raw == null) {
      return DEFAULT;
    }
    try {
      int limit = Integer.parseInt(raw);
      return limit >= 1 && limit <= MAX ? limit : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public static FieldError error() {
    return new FieldError("limit", "expected an integer between 1 and " + MAX);
  }
}

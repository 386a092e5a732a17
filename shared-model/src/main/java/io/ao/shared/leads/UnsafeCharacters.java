package io.ao.shared.leads;

import java.util.OptionalInt;

/**
 * Characters a lead's text may not hold because they are invisible or act on what surrounds them:
 * controls (NUL, ESC, CR, LF: they break SMTP lines and terminals), format characters (zero-width
 * space, bidi overrides, BOM: they make two different strings look alike), line and paragraph
 * separators, and lone surrogates. Each field kind draws the line where its readers need it.
 */
public final class UnsafeCharacters {

  private static final int TAB = '\t';
  private static final int LF = '\n';
  private static final int CR = '\r';
  private static final int ZWNJ = 0x200C;
  private static final int ZWJ = 0x200D;

  private UnsafeCharacters() {}

  /** An email: nothing but visible, assigned characters (the address is compared and mailed). */
  public static OptionalInt inEmail(String text) {
    return text.codePoints().filter(UnsafeCharacters::unsafeInEmail).findFirst();
  }

  /**
   * A one-line text that an email header may quote (names, company, title): no controls or
   * separators, no format characters except ZWNJ and ZWJ, which Persian, Indic scripts and emoji
   * sequences need to be spelt right.
   */
  public static OptionalInt inLine(String text) {
    return text.codePoints().filter(UnsafeCharacters::unsafeInLine).findFirst();
  }

  /** A multi-line text (notes): as a line, but tabs and line breaks allowed. */
  public static OptionalInt inText(String text) {
    return text.codePoints().filter(UnsafeCharacters::unsafeInText).findFirst();
  }

  public static boolean unsafeInEmail(int c) {
    int type = Character.getType(c);
    return isControlOrSeparator(type)
        || type == Character.FORMAT
        || type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED;
  }

  public static boolean unsafeInLine(int c) {
    int type = Character.getType(c);
    return isControlOrSeparator(type) || (type == Character.FORMAT && c != ZWNJ && c != ZWJ);
  }

  public static boolean unsafeInText(int c) {
    return c != TAB && c != LF && c != CR && unsafeInLine(c);
  }

  /** How a refused character is named in a problem: {@code U+200B}. */
  public static String name(int codePoint) {
    return String.format("U+%04X", codePoint);
  }

  private static boolean isControlOrSeparator(int type) {
    return type == Character.CONTROL
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }
}

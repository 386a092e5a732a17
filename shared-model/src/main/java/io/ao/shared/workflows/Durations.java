package io.ao.shared.workflows;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The durations of {@code wait} and {@code timeout}: ISO-8601 of days, hours, minutes and seconds
 * ({@code PnDTnHnMnS}), from {@code PT1S} to {@code P365D}. Weeks, months and years are refused:
 * {@link Duration} has no calendar, and a month is not a fixed length.
 */
final class Durations {

  static final Duration MIN = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofDays(365);

  static final String EXPECTED =
      "expected an ISO-8601 duration of days, hours, minutes and seconds (PnDTnHnMnS, such as P2D,"
          + " PT30M or PT1.5S) from PT1S to P365D; weeks, months and years (P1W, P1M, P1Y) are not"
          + " accepted";

  // no sign anywhere, at least one component, a fraction on seconds only (what Duration.parse
  // takes, minus its negative forms)
  private static final Pattern FORM =
      Pattern.compile(
          "P(?=\\d|T\\d)(?:\\d{1,9}D)?(?:T(?=\\d)(?:\\d{1,9}H)?(?:\\d{1,9}M)?(?:\\d{1,9}(?:[.,]\\d{1,9})?S)?)?",
          Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /** The duration, or empty with {@link #problem} saying why. */
  static Optional<Duration> parse(Object value) {
    if (!(value instanceof String text) || !FORM.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      Duration duration = Duration.parse(text);
      return inRange(duration) ? Optional.of(duration) : Optional.empty();
    } catch (DateTimeParseException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  /** Why {@link #parse} refused {@code value}. */
  static String problem(Object value) {
    if (value instanceof String text && FORM.matcher(text).matches()) {
      return "must be from PT1S to P365D, got " + text;
    }
    return EXPECTED;
  }

  private static boolean inRange(Duration duration) {
    return duration.compareTo(MIN) >= 0 && duration.compareTo(MAX) <= 0;
  }

  /** The shortest {@code PnDTnHnMnS} form: P2D rather than Duration's PT48H. */
  static String format(Duration duration) {
    long days = duration.toDays();
    Duration rest = duration.minusDays(days);
    StringBuilder out = new StringBuilder("P");
    if (days > 0) {
      out.append(days).append('D');
    }
    if (!rest.isZero()) {
      out.append('T');
      if (rest.toHoursPart() > 0) {
        out.append(rest.toHoursPart()).append('H');
      }
      if (rest.toMinutesPart() > 0) {
        out.append(rest.toMinutesPart()).append('M');
      }
      if (rest.toSecondsPart() > 0 || rest.toNanosPart() > 0) {
        out.append(rest.toSecondsPart());
        if (rest.toNanosPart() > 0) {
          out.append('.').append(String.format("%09d", rest.toNanosPart()).replaceAll("0+$", ""));
        }
        out.append('S');
      }
    }
    return out.length() == 1 ? "PT0S" : out.toString();
  }
}

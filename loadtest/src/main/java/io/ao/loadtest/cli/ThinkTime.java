package io.ao.loadtest.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A user's pause between requests, in seconds: {@code 0}, {@code 1.5} or a range {@code 0.5-1.5}.
 */
public record ThinkTime(double minSeconds, double maxSeconds) {

  public ThinkTime {
    if (!(minSeconds >= 0) || !(maxSeconds >= minSeconds) || Double.isInfinite(maxSeconds)) {
      throw new IllegalArgumentException(
          "think time must be 0 or more seconds, MIN-MAX with MIN <= MAX");
    }
  }

  public static ThinkTime parse(String text) {
    String[] parts = text.trim().split("-", -1);
    try {
      if (parts.length == 1) {
        double seconds = Double.parseDouble(parts[0]);
        return new ThinkTime(seconds, seconds);
      }
      if (parts.length == 2) {
        return new ThinkTime(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
      }
    } catch (IllegalArgumentException notANumberOrOutOfOrder) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a think time: give seconds, e.g. 0, 1 or 0.5-1.5 (MIN <= MAX)");
  }

  public long minMillis() {
    return Math.round(minSeconds * 1000);
  }

  public long maxMillis() {
    return Math.round(maxSeconds * 1000);
  }

  @Override
  public String toString() {
    return minSeconds == maxSeconds
        ? format(minSeconds)
        : format(minSeconds) + "-" + format(maxSeconds);
  }

  private static String format(double seconds) {
    return seconds == Math.rint(seconds)
        ? Long.toString((long) seconds)
        : String.format(Locale.ROOT, "%s", seconds);
  }

  /** For picocli: a bad value is an invalid command line (exit 2), not a stack trace. */
  static final class Converter implements ITypeConverter<ThinkTime> {
    @Override
    public ThinkTime convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException bad) {
        throw new TypeConversionException(bad.getMessage());
      }
    }
  }
}

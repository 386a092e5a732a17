package io.ao.worker.crm;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/** The {@code Retry-After} header (RFC 9110: delay-seconds or an HTTP-date) as a time in ms. */
final class RetryAfter {

  private RetryAfter() {}

  static OptionalLong until(String header, long nowMs) {
    if (header == null || header.isBlank()) {
      return OptionalLong.empty();
    }
    String value = header.trim();
    try {
      double seconds = Double.parseDouble(value);
      if (seconds >= 0 && seconds < 1e9) {
        return OptionalLong.of(nowMs + (long) Math.ceil(seconds * 1000));
      }
      return OptionalLong.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        return OptionalLong.of(
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()
                .toEpochMilli());
      } catch (DateTimeParseException notADate) {
        return OptionalLong.empty();
      }
    }
  }
}

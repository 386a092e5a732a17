package io.ao.shared.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** Ticks strictly after {@code from} and at or before {@code to}, by nextTickAfter. */
  private static List<Instant> ticks(Trigger.Schedule schedule, Instant from, Instant to) {
    List<Instant> ticks = new ArrayList<>();
    Instant at = from;
    for (int i = 0; i < 10_000; i++) {
      Instant next = schedule.nextTickAfter(at).orElseThrow();
      if (next.isAfter(to)) {
        return ticks;
      }
      ticks.add(next);
      at = next;
    }
    throw new AssertionError("more than 10,000 ticks");
  }

  @Test
  void nextTickIsStrictlyAfterInTheZone() {
    Trigger.Schedule weekdays = new Trigger.Schedule("0 9 * * 1-5", BERLIN);
    // Friday 2026-01-09 09:00 CET = 08:00Z; the next is Monday 09:00 CET
    assertThat(weekdays.nextTickAfter(Instant.parse("2026-01-09T07:59:59Z")))
        .contains(Instant.parse("2026-01-09T08:00:00Z"));
    assertThat(weekdays.nextTickAfter(Instant.parse("2026-01-09T08:00:00Z")))
        .contains(Instant.parse("2026-01-12T08:00:00Z"));
    // summer: 09:00 CEST = 07:00Z
    assertThat(weekdays.nextTickAfter(Instant.parse("2026-07-01T00:00:00Z")))
        .contains(Instant.parse("2026-07-01T07:00:00Z"));
    Trigger.Schedule newYork = new Trigger.Schedule("0 9 * * 1-5", NEW_YORK);
    assertThat(newYork.nextTickAfter(Instant.parse("2026-01-09T07:59:59Z")))
        .contains(Instant.parse("2026-01-09T14:00:00Z"));
  }

  @Test
  void lastTickIsAtOrBefore() {
    Trigger.Schedule daily = new Trigger.Schedule("0 9 * * *", BERLIN);
    Instant nine = Instant.parse("2026-01-05T08:00:00Z");
    assertThat(daily.lastTickAtOrBefore(nine)).contains(nine);
    assertThat(daily.lastTickAtOrBefore(nine.plusSeconds(59))).contains(nine);
    assertThat(daily.lastTickAtOrBefore(nine.minusMillis(1)))
        .contains(Instant.parse("2026-01-04T08:00:00Z"));
    Trigger.Schedule quarter = new Trigger.Schedule("*/15 * * * *", ZoneId.of("UTC"));
    assertThat(quarter.lastTickAtOrBefore(Instant.parse("2026-01-05T10:44:59.999Z")))
        .contains(Instant.parse("2026-01-05T10:30:00Z"));
    assertThat(quarter.nextTickAfter(Instant.parse("2026-01-05T10:44:59.999Z")))
        .contains(Instant.parse("2026-01-05T10:45:00Z"));
  }

  @Test
  void lastAndNextAgreeOverADay() {
    Trigger.Schedule schedule = new Trigger.Schedule("7,37 */3 * * *", BERLIN);
    Instant start = Instant.parse("2026-05-01T00:00:00Z");
    List<Instant> byNext = ticks(schedule, start, start.plus(Duration.ofDays(1)));
    assertThat(byNext).hasSize(16);
    TreeSet<Instant> byLast = new TreeSet<>();
    for (Instant t = start.plusSeconds(60);
        !t.isAfter(start.plus(Duration.ofDays(1)));
        t = t.plusSeconds(60)) {
      byLast.add(schedule.lastTickAtOrBefore(t).orElseThrow());
    }
    byLast.remove(byLast.first()); // the tick before the window
    assertThat(byLast).containsExactlyElementsOf(byNext);
  }

  /**
   * Europe/Berlin, 2026: clocks go forward on 29 March (02:00 CET → 03:00 CEST) and back on 25
   * October (03:00 CEST → 02:00 CET). A daily 02:30 has no tick on 29 March (that time does not
   * exist) and one tick, not two, on 25 October (that time occurs twice).
   */
  @Test
  void aDaylightSavingChangeNeitherDoublesNorInventsATick() {
    Trigger.Schedule halfPastTwo = new Trigger.Schedule("30 2 * * *", BERLIN);

    List<Instant> spring =
        ticks(
            halfPastTwo,
            Instant.parse("2026-03-27T12:00:00Z"),
            Instant.parse("2026-03-31T12:00:00Z"));
    assertThat(spring)
        .containsExactly(
            Instant.parse("2026-03-28T01:30:00Z"), // 02:30 CET
            // none on the 29th
            Instant.parse("2026-03-30T00:30:00Z"), // 02:30 CEST
            Instant.parse("2026-03-31T00:30:00Z"));

    List<Instant> autumn =
        ticks(
            halfPastTwo,
            Instant.parse("2026-10-23T12:00:00Z"),
            Instant.parse("2026-10-27T12:00:00Z"));
    assertThat(autumn)
        .containsExactly(
            Instant.parse("2026-10-24T00:30:00Z"), // 02:30 CEST
            Instant.parse("2026-10-25T00:30:00Z"), // the first 02:30, CEST; not the second (CET)
            Instant.parse("2026-10-26T01:30:00Z"), // 02:30 CET
            Instant.parse("2026-10-27T01:30:00Z"));

    // a scheduler asking "the next tick after now" each minute through the night is told of one
    // tick on the 25th, whenever it asks (cron-utils alone answers 01:30Z from 00:31Z on)
    TreeSet<Instant> told = new TreeSet<>();
    for (Instant t = Instant.parse("2026-10-24T22:00:00Z");
        t.isBefore(Instant.parse("2026-10-25T04:00:00Z"));
        t = t.plusSeconds(60)) {
      told.add(halfPastTwo.nextTickAfter(t).orElseThrow());
    }
    assertThat(told)
        .containsExactly(
            Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));

    // and one asking "the last tick at or before now" sees the same single tick
    TreeSet<Instant> seen = new TreeSet<>();
    for (Instant t = Instant.parse("2026-10-24T22:00:00Z");
        t.isBefore(Instant.parse("2026-10-25T04:00:00Z"));
        t = t.plusSeconds(60)) {
      seen.add(halfPastTwo.lastTickAtOrBefore(t).orElseThrow());
    }
    assertThat(seen)
        .containsExactly(
            Instant.parse("2026-10-24T00:30:00Z"), Instant.parse("2026-10-25T00:30:00Z"));
  }

  @Test
  void anHourlyScheduleTicksEveryRealHourAcrossDaylightSaving() {
    Trigger.Schedule hourly = new Trigger.Schedule("0 * * * *", BERLIN);
    // the autumn night has 25 hours, the spring night 23: one tick per real hour either way
    assertThat(
            ticks(
                hourly,
                Instant.parse("2026-10-24T22:00:00Z"),
                Instant.parse("2026-10-25T22:00:00Z")))
        .hasSize(24)
        .doesNotHaveDuplicates();
    TreeSet<Instant> byLast = new TreeSet<>();
    for (Instant t = Instant.parse("2026-10-24T22:00:00Z");
        !t.isAfter(Instant.parse("2026-10-25T22:00:00Z"));
        t = t.plusSeconds(60)) {
      byLast.add(hourly.lastTickAtOrBefore(t).orElseThrow());
    }
    assertThat(byLast).hasSize(25); // the 24 ticks after the start, and the start itself
    List<Instant> spring =
        ticks(hourly, Instant.parse("2026-03-28T23:00:00Z"), Instant.parse("2026-03-29T23:00:00Z"));
    assertThat(spring).hasSize(24).doesNotHaveDuplicates();
    for (int i = 1; i < spring.size(); i++) {
      assertThat(Duration.between(spring.get(i - 1), spring.get(i))).isEqualTo(Duration.ofHours(1));
    }
  }

  @Test
  void fiveFieldUnixCronOrSixWithSeconds() {
    assertThatThrownBy(() -> new Trigger.Schedule("0 9 * *", BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 parts");
    assertThatThrownBy(() -> new Trigger.Schedule("0 0 9 * * ? 2026", BERLIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Trigger.Schedule("61 * * * * *", BERLIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Trigger.Schedule("61 9 * * *", BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("61");
    assertThatThrownBy(() -> new Trigger.Schedule("@daily", BERLIN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLeadingSecondsFieldTicksWithinTheMinute() {
    Trigger.Schedule everyTen = new Trigger.Schedule("*/10 * * * * *", BERLIN);
    assertThat(everyTen.nextTickAfter(Instant.parse("2026-01-09T12:00:03Z")))
        .contains(Instant.parse("2026-01-09T12:00:10Z"));
    assertThat(everyTen.lastTickAtOrBefore(Instant.parse("2026-01-09T12:00:15.500Z")))
        .contains(Instant.parse("2026-01-09T12:00:10Z"));
    assertThat(everyTen.lastTickAtOrBefore(Instant.parse("2026-01-09T12:00:20Z")))
        .contains(Instant.parse("2026-01-09T12:00:20Z"));
  }

  @Test
  void equalByCronAndZone() {
    assertThat(new Trigger.Schedule("0 9 * * *", BERLIN))
        .isEqualTo(new Trigger.Schedule("0 9 * * *", BERLIN))
        .hasSameHashCodeAs(new Trigger.Schedule("0 9 * * *", BERLIN))
        .isNotEqualTo(new Trigger.Schedule("0 9 * * *", NEW_YORK))
        .isNotEqualTo(new Trigger.Schedule("0 10 * * *", BERLIN));
  }
}

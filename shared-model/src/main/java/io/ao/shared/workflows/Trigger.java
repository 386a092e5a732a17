package io.ao.shared.workflows;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.ao.shared.workflows.expr.Expression;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** What starts runs of a definition besides {@code POST /api/workflows}. */
public sealed interface Trigger permits Trigger.LeadEvent, Trigger.Schedule {

  /** The wire form: {@code {"on", "if"?}} or {@code {"schedule", "timezone"}}. */
  JsonObject toJson();

  /** The lead writes a trigger listens to. */
  enum LeadEventType {
    CREATED("lead.created"),
    UPDATED("lead.updated");

    private final String wire;

    LeadEventType(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Optional<LeadEventType> fromWire(String wire) {
      return Arrays.stream(values()).filter(type -> type.wire.equals(wire)).findFirst();
    }
  }

  /**
   * A lead write of type {@code on} starts a run for that lead when {@code condition} (the
   * trigger's {@code if}; none = always) holds for the lead as written.
   */
  record LeadEvent(LeadEventType on, Optional<Expression> condition) implements Trigger {

    public LeadEvent {
      Objects.requireNonNull(on, "on");
      Objects.requireNonNull(condition, "condition");
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("on", on.wire());
      condition.ifPresent(expression -> json.put("if", expression.source()));
      return json;
    }
  }

  /**
   * A run per tick of {@code cron}, a standard 5-field UNIX cron expression (minute, hour, day of
   * month, month, day of week; no year, no nicknames such as {@code @daily}), read in {@code zone};
   * or the same with a leading seconds field (6 fields, Spring's form: {@code 0/10 * * * * *} is
   * every ten seconds), for the schedules that a minute is too coarse for.
   *
   * <p>Daylight saving. When clocks go forward, a wall-clock time that does not exist that day has
   * no tick that day (cron-utils' answer: a daily 02:30 in Europe/Berlin skips the last Sunday of
   * March). When they go back, an hour occurs twice: a schedule with a fixed hour ticks at the
   * first occurrence only, so a daily 02:30 runs once, not twice; a schedule whose hour field is
   * {@code *} ticks through both by real time, as Vixie cron does (an hourly job runs every real
   * hour). cron-utils alone answers the repeated hour inconsistently (its next tick after 02:31
   * CEST is 02:30 CET, the same wall-clock time again), so {@link #nextTickAfter} and {@link
   * #lastTickAtOrBefore} drop such a later occurrence themselves, and the two always agree. {@code
   * ScheduleTest} pins this down.
   *
   * <p>Immutable and thread-safe; equal when cron text and zone are.
   */
  final class Schedule implements Trigger {

    private static final CronDefinition UNIX =
        CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    private static final CronDefinition WITH_SECONDS =
        CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING);

    /** Candidates skipped in a row at most: a repeated hour holds one per minute of it. */
    private static final int MAX_SKIPS = 64;

    private final String cron;
    private final ZoneId zone;
    private final ExecutionTime executionTime;
    private final boolean everyHour;
    private final ChronoUnit resolution;

    /**
     * @throws IllegalArgumentException when {@code cron} is not a 5-field UNIX cron expression, or
     *     one with a leading seconds field
     */
    public Schedule(String cron, ZoneId zone) {
      this.cron = Objects.requireNonNull(cron, "cron");
      this.zone = Objects.requireNonNull(zone, "zone");
      boolean seconds = cron.trim().split("\\s+").length == 6;
      this.resolution = seconds ? ChronoUnit.SECONDS : ChronoUnit.MINUTES;
      Cron parsed = new CronParser(seconds ? WITH_SECONDS : UNIX).parse(cron);
      this.executionTime = ExecutionTime.forCron(parsed);
      this.everyHour = parsed.retrieve(CronFieldName.HOUR).getExpression() instanceof Always;
    }

    public String cron() {
      return cron;
    }

    public ZoneId zone() {
      return zone;
    }

    /** The first tick strictly after {@code t}; empty if the expression has none. */
    public Optional<Instant> nextTickAfter(Instant t) {
      ZonedDateTime at = t.atZone(zone);
      for (int i = 0; i < MAX_SKIPS; i++) {
        Optional<ZonedDateTime> next = executionTime.nextExecution(at);
        if (next.isEmpty() || counts(next.get())) {
          return next.map(ZonedDateTime::toInstant);
        }
        at = next.get();
      }
      return Optional.empty();
    }

    /**
     * The latest tick at or before {@code t}: what a scheduler that woke at {@code t} owes, so a
     * tick exactly at {@code t} counts.
     */
    public Optional<Instant> lastTickAtOrBefore(Instant t) {
      ZonedDateTime minute = t.atZone(zone).truncatedTo(resolution);
      if (executionTime.isMatch(minute) && counts(minute)) {
        return Optional.of(minute.toInstant());
      }
      ZonedDateTime at = t.atZone(zone);
      for (int i = 0; i < MAX_SKIPS; i++) {
        Optional<ZonedDateTime> last = executionTime.lastExecution(at);
        if (last.isEmpty() || counts(last.get())) {
          return last.map(ZonedDateTime::toInstant);
        }
        at = last.get();
      }
      return Optional.empty();
    }

    /** False for the second occurrence of a repeated wall-clock time, unless the hour is *. */
    private boolean counts(ZonedDateTime tick) {
      return everyHour || tick.withEarlierOffsetAtOverlap().toInstant().equals(tick.toInstant());
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("schedule", cron).put("timezone", zone.getId());
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Schedule that && cron.equals(that.cron) && zone.equals(that.zone);
    }

    @Override
    public int hashCode() {
      return Objects.hash(cron, zone);
    }

    @Override
    public String toString() {
      return "Schedule[cron=" + cron + ", zone=" + zone + "]";
    }
  }
}

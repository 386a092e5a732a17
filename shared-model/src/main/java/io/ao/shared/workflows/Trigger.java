package io.ao.shared.workflows;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
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
   * month, month, day of week; no seconds, no year), read in {@code zone}.
   *
   * <p>Daylight saving, as cron-utils computes it: a wall-clock time that does not exist on the day
   * clocks go forward has no tick that day; one that occurs twice when they go back ticks once, at
   * its first occurrence. Tests in {@code ScheduleTest} pin this down.
   *
   * <p>Immutable and thread-safe; equal when cron text and zone are.
   */
  final class Schedule implements Trigger {

    /** The parser of 5-field UNIX cron expressions; holds no state between parses. */
    private static final CronParser PARSER =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String cron;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    /**
     * @throws IllegalArgumentException when {@code cron} is not a 5-field UNIX cron expression
     */
    public Schedule(String cron, ZoneId zone) {
      this.cron = Objects.requireNonNull(cron, "cron");
      this.zone = Objects.requireNonNull(zone, "zone");
      this.executionTime = ExecutionTime.forCron(PARSER.parse(cron));
    }

    public String cron() {
      return cron;
    }

    public ZoneId zone() {
      return zone;
    }

    /** The first tick strictly after {@code t}; empty if the expression has none (never here). */
    public Optional<Instant> nextTickAfter(Instant t) {
      return executionTime.nextExecution(t.atZone(zone)).map(ZonedDateTime::toInstant);
    }

    /**
     * The latest tick at or before {@code t}: what a scheduler that woke at {@code t} owes, so a
     * tick exactly at {@code t} counts.
     */
    public Optional<Instant> lastTickAtOrBefore(Instant t) {
      ZonedDateTime at = t.atZone(zone);
      ZonedDateTime minute = at.truncatedTo(ChronoUnit.MINUTES);
      if (executionTime.isMatch(minute)) {
        return Optional.of(minute.toInstant());
      }
      return executionTime.lastExecution(at).map(ZonedDateTime::toInstant);
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

package io.ao.shared.workflows;

import io.ao.shared.leads.FieldProblem;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.workflows.Step.ConditionStep;
import io.ao.shared.workflows.Step.EndStep;
import io.ao.shared.workflows.Step.TaskStep;
import io.ao.shared.workflows.Step.WaitForStep;
import io.ao.shared.workflows.Step.WaitStep;
import io.ao.shared.workflows.expr.Expression;
import io.ao.shared.workflows.expr.InvalidExpressionException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a definition's wire form into a {@link WorkflowDefinition}, collecting every problem. One
 * instance per parse.
 *
 * <p>The checks, in order: the top-level fields; each step on its own (name, kind, fields, task
 * type, durations, expressions); then the steps together ({@link StepGraph}): duplicate names,
 * jumps to no step, expressions naming no step, cycles and steps no path reaches.
 */
final class DefinitionParser {

  private static final java.util.regex.Pattern WEBHOOK_SUBSCRIPTION =
      java.util.regex.Pattern.compile("wh_[A-Za-z0-9]{1,40}");

  static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");
  private static final String NAME_RULE = "expected 1-64 characters of a-z, 0-9 and _";

  private static final Set<String> TOP_LEVEL =
      Set.of("name", "description", "version", "trigger", "cancel_if", "unique", "steps");
  private static final Set<String> TRIGGER_FIELDS = Set.of("on", "if", "schedule", "timezone");

  /** The fields that tell a step's kind, each with the fields that kind allows. */
  private static final Map<String, List<String>> KINDS = kinds();

  private static Map<String, List<String>> kinds() {
    Map<String, List<String>> kinds = new LinkedHashMap<>();
    kinds.put("type", List.of("name", "type", "next", "...parameters"));
    kinds.put("wait", List.of("name", "wait", "next"));
    kinds.put("if", List.of("name", "if", "then", "else"));
    kinds.put("wait_for", List.of("name", "wait_for", "timeout", "on_timeout", "next"));
    kinds.put("end", List.of("name", "end"));
    return kinds;
  }

  private final Set<String> taskTypes;
  private final List<FieldProblem> problems = new ArrayList<>();

  DefinitionParser(Set<String> taskTypes) {
    this.taskTypes = Set.copyOf(taskTypes);
  }

  DefinitionCheck parse(JsonObject body) {
    for (String field : new TreeSet<>(body.fieldNames())) {
      if (!TOP_LEVEL.contains(field)) {
        problem(field, "unknown field; a definition has " + new TreeSet<>(TOP_LEVEL));
      }
    }
    String name = name(body.getValue("name"), "name");
    String description = description(body.getValue("description"));
    int version = version(body.getValue("version"));
    Uniqueness unique = unique(body.getValue("unique"));
    Optional<Trigger> trigger = trigger(body.getValue("trigger"));
    Optional<Expression> cancelIf = Optional.empty();
    Object cancelSource = body.getValue("cancel_if");
    if (cancelSource != null) {
      cancelIf = expression(cancelSource, "cancel_if");
    }
    List<Step> steps = steps(body.getValue("steps"), cancelIf);
    if (!problems.isEmpty()) {
      return DefinitionCheck.of(problems);
    }
    return DefinitionCheck.of(
        new WorkflowDefinition(name, description, version, trigger, cancelIf, unique, steps));
  }

  private void problem(String field, String message) {
    if (problems.size() < WorkflowDefinition.MAX_PROBLEMS) {
      problems.add(new FieldProblem(field, message));
    }
  }

  private String name(Object value, String field) {
    if (value == null) {
      problem(field, "is required; " + NAME_RULE);
      return null;
    }
    if (!(value instanceof String text) || !NAME.matcher(text).matches()) {
      problem(field, NAME_RULE);
      return null;
    }
    return text;
  }

  private String description(Object value) {
    if (value == null) {
      return "";
    }
    if (!(value instanceof String text) || text.length() > WorkflowDefinition.MAX_DESCRIPTION) {
      problem(
          "description",
          "expected a string of at most " + WorkflowDefinition.MAX_DESCRIPTION + " characters");
      return "";
    }
    return text;
  }

  private int version(Object value) {
    if (value == null) {
      return 0;
    }
    if ((value instanceof Integer || value instanceof Long)
        && ((Number) value).longValue() >= 0
        && ((Number) value).longValue() <= Integer.MAX_VALUE) {
      return ((Number) value).intValue();
    }
    problem("version", "expected a non-negative integer (set by the server)");
    return 0;
  }

  private Uniqueness unique(Object value) {
    if (value == null) {
      return Uniqueness.NONE;
    }
    Optional<Uniqueness> unique =
        value instanceof String text ? Uniqueness.fromWire(text) : Optional.empty();
    if (unique.isEmpty()) {
      problem("unique", "expected per_lead or none");
    }
    return unique.orElse(Uniqueness.NONE);
  }

  private Optional<Trigger> trigger(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof JsonObject trigger)) {
      problem("trigger", "expected an object with on or schedule");
      return Optional.empty();
    }
    for (String field : new TreeSet<>(trigger.fieldNames())) {
      if (!TRIGGER_FIELDS.contains(field)) {
        problem(
            "trigger." + field, "unknown field; a trigger has " + new TreeSet<>(TRIGGER_FIELDS));
      }
    }
    boolean on = trigger.containsKey("on");
    boolean schedule = trigger.containsKey("schedule");
    if (on && schedule) {
      problem("trigger", "on and schedule are mutually exclusive: give one");
      return Optional.empty();
    }
    if (on) {
      return leadEvent(trigger);
    }
    if (schedule) {
      return schedule(trigger);
    }
    problem(
        "trigger", "expected on (lead.created or lead.updated) or schedule (a cron expression)");
    return Optional.empty();
  }

  private Optional<Trigger> leadEvent(JsonObject trigger) {
    Object on = trigger.getValue("on");
    Optional<Trigger.LeadEventType> type =
        on instanceof String text ? Trigger.LeadEventType.fromWire(text) : Optional.empty();
    if (type.isEmpty()) {
      problem("trigger.on", "expected lead.created or lead.updated");
    }
    if (trigger.containsKey("timezone")) {
      problem("trigger.timezone", "only with trigger.schedule");
    }
    Optional<Expression> condition = Optional.empty();
    Object source = trigger.getValue("if");
    if (source != null) {
      condition = expression(source, "trigger.if");
      if (condition.isPresent() && condition.get().usesSteps()) {
        problem("trigger.if", "is tested before a run exists: it may use lead, not steps");
      }
    }
    Optional<Expression> test = condition;
    return type.map(event -> new Trigger.LeadEvent(event, test));
  }

  private Optional<Trigger> schedule(JsonObject trigger) {
    if (trigger.containsKey("if")) {
      problem("trigger.if", "only with trigger.on: a schedule has no lead to test");
    }
    ZoneId zone = ZoneId.of("UTC");
    Object zoneValue = trigger.getValue("timezone");
    if (zoneValue != null) {
      if (!(zoneValue instanceof String id) || !ZoneId.getAvailableZoneIds().contains(id)) {
        problem("trigger.timezone", "expected an IANA time zone id such as Europe/Berlin or UTC");
        return Optional.empty();
      }
      zone = ZoneId.of(id);
    }
    Object cron = trigger.getValue("schedule");
    if (!(cron instanceof String text)) {
      problem("trigger.schedule", cronRule());
      return Optional.empty();
    }
    try {
      return Optional.of(new Trigger.Schedule(text, zone));
    } catch (IllegalArgumentException e) {
      problem("trigger.schedule", cronRule() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static String cronRule() {
    return "expected a standard 5-field UNIX cron expression (minute hour day-of-month month"
        + " day-of-week, such as 0 9 * * 1-5), or 6 fields with seconds first (*/10 * * * * *)";
  }

  private Optional<Expression> expression(Object source, String field) {
    if (!(source instanceof String text)) {
      problem(field, "expected a CEL expression as a string");
      return Optional.empty();
    }
    try {
      return Optional.of(Expression.compile(text));
    } catch (InvalidExpressionException e) {
      problem(field, e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<Duration> duration(Object value, String field) {
    Optional<Duration> duration = Durations.parse(value);
    if (duration.isEmpty()) {
      problem(
          field, value == null ? "is required; " + Durations.EXPECTED : Durations.problem(value));
    }
    return duration;
  }

  private List<Step> steps(Object value, Optional<Expression> cancelIf) {
    if (!(value instanceof JsonArray array)) {
      problem("steps", value == null ? "is required: at least one step" : "expected an array");
      return List.of();
    }
    if (array.isEmpty()) {
      problem("steps", "expected at least one step");
      return List.of();
    }
    if (array.size() > WorkflowDefinition.MAX_STEPS) {
      problem(
          "steps",
          "expected at most " + WorkflowDefinition.MAX_STEPS + " steps, got " + array.size());
      return List.of();
    }
    // index → the step's name where it has a valid one (even if the rest of it is wrong), so a
    // jump to a step with a typo elsewhere is not also reported as a jump to no step
    List<String> names = new ArrayList<>();
    List<Step> parsed = new ArrayList<>();
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < array.size(); i++) {
      String field = "steps[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject json)) {
        problem(field, "expected an object");
        names.add(null);
        parsed.add(null);
        continue;
      }
      String name = name(json.getValue("name"), field + ".name");
      Step step = step(json, field, name);
      if (name != null && firstIndex.containsKey(name)) {
        problem(field + ".name", "duplicate: steps[" + firstIndex.get(name) + "] is also " + name);
        // which of the two a jump means cannot be told: leave the second out of the graph
        name = null;
        step = null;
      } else if (name != null) {
        firstIndex.put(name, i);
      }
      names.add(name);
      parsed.add(step);
    }
    StepGraph graph = new StepGraph(names, parsed, firstIndex);
    graph.check(this::problem);
    for (int i = 0; i < parsed.size(); i++) {
      Step step = parsed.get(i);
      if (step instanceof ConditionStep condition) {
        knownSteps(condition.condition(), "steps[" + i + "].if", firstIndex.keySet());
      } else if (step instanceof WaitForStep waitFor) {
        knownSteps(waitFor.condition(), "steps[" + i + "].wait_for", firstIndex.keySet());
      }
    }
    cancelIf.ifPresent(expression -> knownSteps(expression, "cancel_if", firstIndex.keySet()));
    return parsed.contains(null) ? List.of() : parsed;
  }

  private void knownSteps(Expression expression, String field, Set<String> names) {
    for (String referenced : expression.stepReferences()) {
      if (!names.contains(referenced)) {
        problem(field, "refers to steps." + referenced + ", but no step is named " + referenced);
      }
    }
  }

  /** One step, or null when it has problems (reported). */
  private Step step(JsonObject json, String field, String name) {
    List<String> kinds = new ArrayList<>();
    KINDS
        .keySet()
        .forEach(
            kind -> {
              if (json.containsKey(kind)) {
                kinds.add(kind);
              }
            });
    if (kinds.isEmpty()) {
      problem(
          field, "has no kind: give one of type (a task), wait, if (a condition), wait_for or end");
      return null;
    }
    if (kinds.size() > 1) {
      problem(field, "has more than one kind (" + String.join(", ", kinds) + "): give one");
      return null;
    }
    String kind = kinds.get(0);
    if (!kind.equals("type")) {
      List<String> allowed = KINDS.get(kind);
      for (String key : new TreeSet<>(json.fieldNames())) {
        if (!allowed.contains(key)) {
          problem(
              field + "." + key,
              "unknown field of a " + kindName(kind) + " step; it has " + allowed);
        }
      }
    }
    int before = problems.size();
    Step step =
        switch (kind) {
          case "type" -> task(json, field, name);
          case "wait" -> wait(json, field, name);
          case "if" -> condition(json, field, name);
          case "wait_for" -> waitFor(json, field, name);
          default -> end(json, field, name);
        };
    return problems.size() == before && name != null ? step : null;
  }

  private static String kindName(String kindField) {
    return switch (kindField) {
      case "if" -> "condition";
      case "wait_for" -> "wait_for";
      default -> kindField;
    };
  }

  private Step task(JsonObject json, String field, String name) {
    Object type = json.getValue("type");
    if (!(type instanceof String text) || !taskTypes.contains(text)) {
      problem(
          field + ".type",
          (type instanceof String text ? "unknown task type " + text : "expected a task type")
              + "; known: "
              + new TreeSet<>(taskTypes));
      return null;
    }
    if (text.equals(TaskTypes.WEBHOOK)) {
      webhookParams(json, field);
    }
    Optional<String> next = jump(json, "next", field, false);
    JsonObject params = json.copy();
    params.remove("name");
    params.remove("type");
    params.remove("next");
    return name == null ? null : new TaskStep(name, text, params, next);
  }

  /**
   * A webhook step names the subscription it delivers to (its URL and secret are checked and kept
   * there); that it exists is checked when the step runs, as a deleted one may be named.
   */
  private void webhookParams(JsonObject json, String field) {
    Object subscription = json.getValue("subscription");
    if (!(subscription instanceof String id) || !WEBHOOK_SUBSCRIPTION.matcher(id).matches()) {
      problem(field + ".subscription", "expected a webhook subscription id (wh_...)");
    }
  }

  private Step wait(JsonObject json, String field, String name) {
    Optional<Duration> wait = duration(json.getValue("wait"), field + ".wait");
    Optional<String> next = jump(json, "next", field, false);
    return name == null || wait.isEmpty() ? null : new WaitStep(name, wait.get(), next);
  }

  private Step condition(JsonObject json, String field, String name) {
    Optional<Expression> condition = expression(json.getValue("if"), field + ".if");
    Optional<String> then = jump(json, "then", field, true);
    Optional<String> otherwise = jump(json, "else", field, true);
    if (name == null || condition.isEmpty() || then.isEmpty() || otherwise.isEmpty()) {
      return null;
    }
    return new ConditionStep(name, condition.get(), then.get(), otherwise.get());
  }

  private Step waitFor(JsonObject json, String field, String name) {
    Optional<Expression> condition = expression(json.getValue("wait_for"), field + ".wait_for");
    Optional<Duration> timeout = duration(json.getValue("timeout"), field + ".timeout");
    Optional<String> onTimeout = jump(json, "on_timeout", field, true);
    Optional<String> next = jump(json, "next", field, false);
    if (name == null || condition.isEmpty() || timeout.isEmpty() || onTimeout.isEmpty()) {
      return null;
    }
    return new WaitForStep(name, condition.get(), timeout.get(), onTimeout.get(), next);
  }

  private Step end(JsonObject json, String field, String name) {
    if (!Boolean.TRUE.equals(json.getValue("end"))) {
      problem(field + ".end", "expected true");
      return null;
    }
    return name == null ? null : new EndStep(name);
  }

  /** A jump field's step name (whether a step has it is {@link StepGraph}'s check). */
  private Optional<String> jump(JsonObject json, String key, String field, boolean required) {
    Object value = json.getValue(key);
    if (value == null) {
      if (required) {
        problem(field + "." + key, "is required: the name of a step");
      }
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      problem(field + "." + key, "expected the name of a step");
      return Optional.empty();
    }
    return Optional.of(text);
  }
}

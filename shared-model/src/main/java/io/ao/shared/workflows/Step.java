package io.ao.shared.workflows;

import io.ao.shared.workflows.expr.Expression;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link WorkflowDefinition}. Its kind is told by its JSON fields: {@code type} → a
 * task, {@code wait} → a durable wait, {@code if} → a condition, {@code wait_for} → a wait for a
 * lead change, {@code end} → the run succeeds.
 */
public sealed interface Step
    permits Step.TaskStep, Step.WaitStep, Step.ConditionStep, Step.WaitForStep, Step.EndStep {

  /** Unique within its definition; {@code [a-z0-9_]{1,64}}. */
  String name();

  /**
   * The wire name of the kind: {@code task}, {@code wait}, {@code condition}, {@code wait_for},
   * {@code end}.
   */
  String kind();

  /** The wire form, as {@link WorkflowDefinition#parse} reads it. */
  JsonObject toJson();

  /**
   * Runs a worker task of {@code type}; {@code params} are the step's other fields (an email
   * template, ...), given to the handler as they are. Then {@code next}, or the following step.
   */
  record TaskStep(String name, String type, JsonObject params, Optional<String> next)
      implements Step {

    public TaskStep {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      params = params.copy();
      Objects.requireNonNull(next, "next");
    }

    /** A copy: the record stays immutable. */
    @Override
    public JsonObject params() {
      return params.copy();
    }

    @Override
    public String kind() {
      return "task";
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("name", name).put("type", type);
      params.forEach(param -> json.put(param.getKey(), param.getValue()));
      next.ifPresent(step -> json.put("next", step));
      return json;
    }
  }

  /**
   * Waits {@code duration} (the JSON field {@code wait}; a record component cannot be named {@code
   * wait}, which is {@code Object.wait()}), durably: a timer in Redis. Then {@code next} or the
   * following step.
   */
  record WaitStep(String name, Duration duration, Optional<String> next) implements Step {

    public WaitStep {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(next, "next");
    }

    @Override
    public String kind() {
      return "wait";
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("name", name).put("wait", Durations.format(duration));
      next.ifPresent(step -> json.put("next", step));
      return json;
    }
  }

  /** Goes to {@code then} when {@code condition} is true, to {@code otherwise} when false. */
  record ConditionStep(String name, Expression condition, String then, String otherwise)
      implements Step {

    public ConditionStep {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(condition, "condition");
      Objects.requireNonNull(then, "then");
      Objects.requireNonNull(otherwise, "otherwise");
    }

    /** The step a result leads to. */
    public String branch(boolean result) {
      return result ? then : otherwise;
    }

    @Override
    public String kind() {
      return "condition";
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("name", name)
          .put("if", condition.source())
          .put("then", then)
          .put("else", otherwise);
    }
  }

  /**
   * Waits until {@code condition} holds for the lead (checked at each lead write, and once on
   * entering), then goes to {@code next} or the following step; after {@code timeout} without it,
   * goes to {@code onTimeout}.
   */
  record WaitForStep(
      String name, Expression condition, Duration timeout, String onTimeout, Optional<String> next)
      implements Step {

    public WaitForStep {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(condition, "condition");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(onTimeout, "onTimeout");
      Objects.requireNonNull(next, "next");
    }

    @Override
    public String kind() {
      return "wait_for";
    }

    @Override
    public JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("name", name)
              .put("wait_for", condition.source())
              .put("timeout", Durations.format(timeout))
              .put("on_timeout", onTimeout);
      next.ifPresent(step -> json.put("next", step));
      return json;
    }
  }

  /** The run succeeds here. */
  record EndStep(String name) implements Step {

    public EndStep {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String kind() {
      return "end";
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("name", name).put("end", true);
    }
  }
}

package io.ao.shared.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ao.shared.leads.FieldProblem;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.workflows.Step.ConditionStep;
import io.ao.shared.workflows.Step.EndStep;
import io.ao.shared.workflows.Step.TaskStep;
import io.ao.shared.workflows.Step.WaitForStep;
import io.ao.shared.workflows.Step.WaitStep;
import io.ao.shared.workflows.expr.Expression;
import io.ao.shared.workflows.expr.ExpressionInput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowDefinitionTest {

  static final Set<String> TYPES =
      Set.of(
          TaskTypes.LEAD_PROCESS,
          TaskTypes.CRM_UPDATE,
          TaskTypes.CRM_DELETE,
          TaskTypes.EMAIL_SEND,
          TaskTypes.WEBHOOK,
          TaskTypes.NOOP);

  /** API.md's example, verbatim. */
  static final String API_EXAMPLE =
      """
      {"name": "nurture", "description": "...",
       "trigger": {"on": "lead.created", "if": "lead.source == 'webform'"},
       "cancel_if": "lead.status == 'unsubscribed'",
       "unique": "per_lead",
       "steps": [
         {"name": "process", "type": "lead_process"},
         {"name": "hot", "if": "lead.score >= 50", "then": "notify_sales", "else": "wait_2d"},
         {"name": "wait_2d", "wait": "P2D"},
         {"name": "reply", "wait_for": "lead.status == 'contacted'", "timeout": "P3D", "on_timeout": "remind"},
         {"name": "done", "end": true},
         {"name": "remind", "type": "email_send", "template": "follow_up", "next": "done"},
         {"name": "notify_sales", "type": "crm_update"}]}
      """;

  static WorkflowDefinition parseOk(JsonObject body) {
    DefinitionCheck check = WorkflowDefinition.parse(body, TYPES);
    assertThat(check.problems()).isEmpty();
    assertThat(check.ok()).isTrue();
    return check.definition();
  }

  static List<FieldProblem> problems(JsonObject body) {
    DefinitionCheck check = WorkflowDefinition.parse(body, TYPES);
    assertThat(check.ok()).isFalse();
    assertThat(check.definition()).isNull();
    return check.problems();
  }

  static JsonObject definition(JsonObject... steps) {
    return new JsonObject().put("name", "flow").put("steps", new JsonArray(List.of(steps)));
  }

  static JsonObject task(String name) {
    return new JsonObject().put("name", name).put("type", TaskTypes.NOOP);
  }

  static List<String> fields(List<FieldProblem> problems) {
    return problems.stream().map(FieldProblem::field).toList();
  }

  @Test
  void theApiExampleParses() {
    WorkflowDefinition nurture = parseOk(new JsonObject(API_EXAMPLE));

    assertThat(nurture.name()).isEqualTo("nurture");
    assertThat(nurture.description()).isEqualTo("...");
    assertThat(nurture.version()).isZero();
    assertThat(nurture.unique()).isEqualTo(Uniqueness.PER_LEAD);
    assertThat(nurture.cancelIf().map(Expression::source))
        .contains("lead.status == 'unsubscribed'");
    assertThat(nurture.trigger()).containsInstanceOf(Trigger.LeadEvent.class);
    Trigger.LeadEvent trigger = (Trigger.LeadEvent) nurture.trigger().orElseThrow();
    assertThat(trigger.on()).isEqualTo(Trigger.LeadEventType.CREATED);
    assertThat(trigger.condition().map(Expression::source)).contains("lead.source == 'webform'");

    assertThat(nurture.steps())
        .extracting(Step::kind)
        .containsExactly("task", "condition", "wait", "wait_for", "end", "task", "task");
    assertThat(nurture.first()).isEqualTo(nurture.steps().get(0));
    TaskStep process = (TaskStep) nurture.first();
    assertThat(process.type()).isEqualTo("lead_process");
    assertThat(process.params().isEmpty()).isTrue();
    ConditionStep hot = (ConditionStep) nurture.step("hot").orElseThrow();
    assertThat(hot.then()).isEqualTo("notify_sales");
    assertThat(hot.otherwise()).isEqualTo("wait_2d");
    assertThat(((WaitStep) nurture.step("wait_2d").orElseThrow()).duration())
        .isEqualTo(Duration.ofDays(2));
    WaitForStep reply = (WaitForStep) nurture.step("reply").orElseThrow();
    assertThat(reply.timeout()).isEqualTo(Duration.ofDays(3));
    assertThat(reply.onTimeout()).isEqualTo("remind");
    assertThat(reply.next()).isEmpty();
    TaskStep remind = (TaskStep) nurture.step("remind").orElseThrow();
    assertThat(remind.params()).isEqualTo(new JsonObject().put("template", "follow_up"));
    assertThat(remind.next()).contains("done");
    assertThat(nurture.step("nope")).isEmpty();
    assertThat(nurture.indexOf("notify_sales")).isEqualTo(6);
    assertThat(nurture.indexOf("nope")).isEqualTo(-1);
  }

  @Test
  void theApiExampleRoundTrips() {
    WorkflowDefinition nurture = parseOk(new JsonObject(API_EXAMPLE)).withVersion(4);
    JsonObject wire = nurture.toJson();

    assertThat(wire.getInteger("version")).isEqualTo(4);
    assertThat(wire.getString("unique")).isEqualTo("per_lead");
    assertThat(wire.getJsonObject("trigger"))
        .isEqualTo(
            new JsonObject().put("on", "lead.created").put("if", "lead.source == 'webform'"));
    assertThat(wire.getJsonArray("steps").getJsonObject(2))
        .isEqualTo(new JsonObject().put("name", "wait_2d").put("wait", "P2D"));
    assertThat(wire.getJsonArray("steps").getJsonObject(5))
        .isEqualTo(
            new JsonObject()
                .put("name", "remind")
                .put("type", "email_send")
                .put("template", "follow_up")
                .put("next", "done"));
    WorkflowDefinition again = parseOk(wire);
    assertThat(again).isEqualTo(nurture);
    assertThat(again.toJson()).isEqualTo(wire);
  }

  @Test
  void everyStepKindAndTriggerRoundTrips() {
    JsonObject body =
        definition(
                task("first").put("template", "t").put("retries", 2).put("next", "wait"),
                new JsonObject().put("name", "wait").put("wait", "PT1.5S"),
                new JsonObject()
                    .put("name", "until")
                    .put("wait_for", "lead.status == 'qualified'")
                    .put("timeout", "P1DT2H30M")
                    .put("on_timeout", "stop")
                    .put("next", "branch"),
                new JsonObject()
                    .put("name", "branch")
                    .put("if", "steps.first.status == 'succeeded'")
                    .put("then", "stop")
                    .put("else", "last"),
                new JsonObject().put("name", "last").put("type", TaskTypes.CRM_UPDATE),
                new JsonObject().put("name", "stop").put("end", true))
            .put(
                "trigger",
                new JsonObject().put("schedule", "0 9 * * 1-5").put("timezone", "Europe/Berlin"));
    WorkflowDefinition definition = parseOk(body);
    assertThat(definition.trigger())
        .contains(new Trigger.Schedule("0 9 * * 1-5", ZoneId.of("Europe/Berlin")));
    assertThat(definition.unique()).isEqualTo(Uniqueness.NONE);
    assertThat(definition.description()).isEmpty();
    JsonObject wire = definition.toJson();
    assertThat(wire.getJsonArray("steps").getJsonObject(1).getString("wait")).isEqualTo("PT1.5S");
    assertThat(wire.getJsonArray("steps").getJsonObject(2).getString("timeout"))
        .isEqualTo("P1DT2H30M");
    assertThat(wire.getString("unique")).isEqualTo("none");
    assertThat(parseOk(wire)).isEqualTo(definition);
  }

  @Test
  void aWebhookStepNamesItsSubscriptionOrIsRefusedNamingTheField() {
    WorkflowDefinition ok =
        parseOk(
            definition(
                new JsonObject()
                    .put("name", "notify")
                    .put("type", "webhook")
                    .put("subscription", "wh_abc123")));
    Step.TaskStep step = (Step.TaskStep) ok.step("notify").orElseThrow();
    assertThat(step.params()).isEqualTo(new JsonObject().put("subscription", "wh_abc123"));

    assertThat(
            fields(problems(definition(new JsonObject().put("name", "a").put("type", "webhook")))))
        .containsExactly("steps[0].subscription");
    assertThat(
            fields(
                problems(
                    definition(
                        new JsonObject()
                            .put("name", "a")
                            .put("type", "webhook")
                            .put("subscription", "http://example.com/")))))
        .containsExactly("steps[0].subscription");
  }

  @Test
  void aScheduleWithoutTimezoneIsUtc() {
    WorkflowDefinition definition =
        parseOk(
            definition(task("a")).put("trigger", new JsonObject().put("schedule", "*/5 * * * *")));
    Trigger.Schedule schedule = (Trigger.Schedule) definition.trigger().orElseThrow();
    assertThat(schedule.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(parseOk(definition.toJson())).isEqualTo(definition);
  }

  @Test
  void successorIsNextElseTheFollowingStepElseNone() {
    WorkflowDefinition nurture = parseOk(new JsonObject(API_EXAMPLE));
    Step process = nurture.step("process").orElseThrow();
    assertThat(nurture.successor(process)).contains(nurture.step("hot").orElseThrow());
    assertThat(nurture.successor(nurture.step("wait_2d").orElseThrow()))
        .contains(nurture.step("reply").orElseThrow());
    // wait_for: the following step once the condition holds
    assertThat(nurture.successor(nurture.step("reply").orElseThrow()))
        .contains(nurture.step("done").orElseThrow());
    assertThat(nurture.successor(nurture.step("remind").orElseThrow()))
        .contains(nurture.step("done").orElseThrow());
    assertThat(nurture.successor(nurture.step("done").orElseThrow())).isEmpty();
    assertThat(nurture.successor(nurture.step("notify_sales").orElseThrow())).isEmpty();

    ConditionStep hot = (ConditionStep) nurture.step("hot").orElseThrow();
    assertThat(hot.branch(true)).isEqualTo("notify_sales");
    assertThat(hot.branch(false)).isEqualTo("wait_2d");
    assertThatThrownBy(() -> nurture.successor(hot)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> nurture.successor(new EndStep("elsewhere")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theParsedConditionEvaluates() throws Exception {
    WorkflowDefinition nurture = parseOk(new JsonObject(API_EXAMPLE));
    ConditionStep hot = (ConditionStep) nurture.step("hot").orElseThrow();
    JsonObject lead = new JsonObject().put("email", "a@example.com").put("score", 70);
    assertThat(hot.condition().test(ExpressionInput.of(lead, new JsonObject()))).isTrue();
    assertThat(hot.condition().test(ExpressionInput.of(lead.put("score", 10), new JsonObject())))
        .isFalse();
  }

  @Test
  void taskParamsAreCopiesOfTheStepsOtherFields() {
    WorkflowDefinition definition =
        parseOk(definition(task("mail").put("template", "welcome").put("delay", 3)));
    TaskStep mail = (TaskStep) definition.first();
    mail.params().put("template", "changed");
    assertThat(mail.params())
        .isEqualTo(new JsonObject().put("template", "welcome").put("delay", 3));
  }

  // ---- validation: every case names its field

  @Test
  void duplicateStepNames() {
    assertThat(problems(definition(task("a"), task("b"), task("a"))))
        .containsExactly(new FieldProblem("steps[2].name", "duplicate: steps[0] is also a"));
  }

  @Test
  void jumpsToNoStep() {
    List<FieldProblem> problems =
        problems(
            definition(
                task("a").put("next", "nowhere"),
                new JsonObject()
                    .put("name", "b")
                    .put("if", "true")
                    .put("then", "x")
                    .put("else", "y"),
                new JsonObject()
                    .put("name", "c")
                    .put("wait_for", "true")
                    .put("timeout", "PT1M")
                    .put("on_timeout", "z")));
    assertThat(fields(problems))
        .contains("steps[0].next", "steps[1].then", "steps[1].else", "steps[2].on_timeout");
    assertThat(problems).contains(new FieldProblem("steps[0].next", "jumps to no step: nowhere"));
  }

  @Test
  void aNextThatLoopsBackIsACycle() {
    List<FieldProblem> problems =
        problems(definition(task("a"), task("b"), task("c").put("next", "a")));
    assertThat(problems)
        .containsExactly(
            new FieldProblem("steps[2].next", "closes a cycle: a → b → c → a; every run must end"));
  }

  @Test
  void aStepThatJumpsToItselfIsACycle() {
    assertThat(fields(problems(definition(task("a").put("next", "a")))))
        .containsExactly("steps[0].next");
  }

  @Test
  void aCycleThroughBranchesAndTimeoutsAndWaits() {
    List<FieldProblem> problems =
        problems(
            definition(
                task("start"),
                new JsonObject().put("name", "pause").put("wait", "P2D"),
                new JsonObject()
                    .put("name", "reply")
                    .put("wait_for", "lead.status == 'contacted'")
                    .put("timeout", "P1D")
                    .put("on_timeout", "check"),
                new JsonObject().put("name", "done").put("end", true),
                new JsonObject()
                    .put("name", "check")
                    .put("if", "lead.score > 10")
                    .put("then", "done")
                    .put("else", "pause")));
    assertThat(problems)
        .containsExactly(
            new FieldProblem(
                "steps[4].else",
                "closes a cycle: pause → reply → check → pause; every run must end"));
  }

  @Test
  void aCycleClosedByTheImplicitFollowingStep() {
    // c jumps back to b, and b goes on to c by position
    List<FieldProblem> problems =
        problems(definition(task("a").put("next", "c"), task("b"), task("c").put("next", "b")));
    assertThat(problems)
        .containsExactly(
            new FieldProblem("steps[1]", "closes a cycle: c → b → c; every run must end"));
  }

  @Test
  void aCycleAmongUnreachableStepsIsStillACycle() {
    List<FieldProblem> problems =
        problems(
            definition(
                task("a").put("next", "z"),
                task("b"),
                task("c").put("next", "b"),
                new JsonObject().put("name", "z").put("end", true)));
    assertThat(fields(problems)).containsExactlyInAnyOrder("steps[2].next", "steps[1]", "steps[2]");
  }

  @Test
  void unreachableSteps() {
    List<FieldProblem> problems =
        problems(
            definition(
                new JsonObject()
                    .put("name", "check")
                    .put("if", "true")
                    .put("then", "yes")
                    .put("else", "yes"),
                task("no"),
                new JsonObject().put("name", "yes").put("end", true)));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).field()).isEqualTo("steps[1]");
    assertThat(problems.get(0).message()).startsWith("unreachable");
  }

  @Test
  void aStepAfterAnEndIsUnreachable() {
    assertThat(
            fields(
                problems(
                    definition(
                        new JsonObject().put("name", "stop").put("end", true), task("after")))))
        .containsExactly("steps[1]");
  }

  @Test
  void unknownTaskTypesListTheKnownOnes() {
    List<FieldProblem> problems =
        problems(definition(new JsonObject().put("name", "a").put("type", "fax_send")));
    assertThat(problems)
        .containsExactly(
            new FieldProblem(
                "steps[0].type",
                "unknown task type fax_send; known: [crm_delete, crm_update, email_send,"
                    + " lead_process, noop, webhook]"));
  }

  @Test
  void celThatDoesNotCompile() {
    List<FieldProblem> problems =
        problems(
            definition(
                    new JsonObject()
                        .put("name", "a")
                        .put("if", "lead.score >")
                        .put("then", "b")
                        .put("else", "b"),
                    new JsonObject()
                        .put("name", "b")
                        .put("wait_for", "lead.status = 'x'")
                        .put("timeout", "PT1H")
                        .put("on_timeout", "c"),
                    new JsonObject().put("name", "c").put("end", true))
                .put("cancel_if", "lead.status ==")
                .put("trigger", new JsonObject().put("on", "lead.updated").put("if", "(")));
    assertThat(fields(problems))
        .containsExactlyInAnyOrder("cancel_if", "trigger.if", "steps[0].if", "steps[1].wait_for");
    assertThat(problems).allSatisfy(p -> assertThat(p.message()).doesNotContain("\n", "Exception"));
  }

  @Test
  void celNamingAnUnknownVariableOrLeadField() {
    List<FieldProblem> problems =
        problems(
            definition(
                    new JsonObject()
                        .put("name", "a")
                        .put("if", "user.admin")
                        .put("then", "b")
                        .put("else", "b"),
                    new JsonObject()
                        .put("name", "b")
                        .put("wait_for", "lead.stauts == 'contacted'")
                        .put("timeout", "PT1H")
                        .put("on_timeout", "c"),
                    new JsonObject().put("name", "c").put("end", true))
                .put("cancel_if", "env.x == 1")
                .put("trigger", new JsonObject().put("on", "lead.created").put("if", "score > 1")));
    assertThat(problems)
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder("cancel_if", "trigger.if", "steps[0].if", "steps[1].wait_for");
    assertThat(problems)
        .filteredOn(p -> !p.field().equals("steps[1].wait_for"))
        .allSatisfy(p -> assertThat(p.message()).contains("names an unknown variable"));
    assertThat(problems)
        .filteredOn(p -> p.field().equals("steps[1].wait_for"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("undefined field 'stauts'"));
  }

  @Test
  void celNamingAStepThatDoesNotExist() {
    List<FieldProblem> problems =
        problems(
            definition(
                    task("process"),
                    new JsonObject()
                        .put("name", "hot")
                        .put("if", "steps.proces.output.score > 50")
                        .put("then", "done")
                        .put("else", "done"),
                    new JsonObject().put("name", "done").put("end", true))
                .put("cancel_if", "steps['gone'].status == 'failed'"));
    assertThat(problems)
        .containsExactly(
            new FieldProblem("steps[1].if", "refers to steps.proces, but no step is named proces"),
            new FieldProblem("cancel_if", "refers to steps.gone, but no step is named gone"));
  }

  @Test
  void aTriggerConditionCannotUseSteps() {
    assertThat(
            problems(
                definition(task("a"))
                    .put(
                        "trigger",
                        new JsonObject()
                            .put("on", "lead.created")
                            .put("if", "steps.a.status == 'x'"))))
        .containsExactly(
            new FieldProblem(
                "trigger.if", "is tested before a run exists: it may use lead, not steps"));
  }

  @Test
  void durationsOutOfRangeOrMalformed() {
    for (String bad :
        List.of(
            "PT0S", "PT0.5S", "-PT1M", "PT-1M", "P366D", "PT8761H", "P1W", "P1M", "P1Y", "1d", "P",
            "PT", "P1DT", "soon")) {
      List<FieldProblem> problems =
          problems(
              definition(
                  new JsonObject().put("name", "w").put("wait", bad),
                  new JsonObject()
                      .put("name", "f")
                      .put("wait_for", "true")
                      .put("timeout", bad)
                      .put("on_timeout", "w")));
      assertThat(fields(problems)).as(bad).containsExactly("steps[0].wait", "steps[1].timeout");
    }
    assertThat(
            problems(definition(new JsonObject().put("name", "w").put("wait", "P1W")))
                .get(0)
                .message())
        .contains("PnDTnHnMnS", "P1W");
    assertThat(
            problems(definition(new JsonObject().put("name", "w").put("wait", "P400D")))
                .get(0)
                .message())
        .isEqualTo("must be from PT1S to P365D, got P400D");
    assertThat(
            problems(definition(new JsonObject().put("name", "w").put("wait", 60))).get(0).field())
        .isEqualTo("steps[0].wait");
  }

  @Test
  void durationsAtTheBoundsAndInCommonForms() {
    for (String good :
        List.of("PT1S", "P365D", "PT8760H", "P2D", "PT30M", "PT1.5S", "P1DT12H", "pt90m")) {
      WorkflowDefinition definition =
          parseOk(definition(new JsonObject().put("name", "w").put("wait", good)));
      assertThat(parseOk(definition.toJson())).as(good).isEqualTo(definition);
    }
  }

  @Test
  void aWaitForWithoutTimeoutOrOnTimeout() {
    assertThat(problems(definition(new JsonObject().put("name", "f").put("wait_for", "true"))))
        .extracting(FieldProblem::field)
        .containsExactly("steps[0].timeout", "steps[0].on_timeout");
  }

  @Test
  void aConditionWithoutThenOrElse() {
    assertThat(fields(problems(definition(new JsonObject().put("name", "c").put("if", "true")))))
        .containsExactly("steps[0].then", "steps[0].else");
  }

  @Test
  void noSteps() {
    assertThat(problems(new JsonObject().put("name", "flow").put("steps", new JsonArray())))
        .containsExactly(new FieldProblem("steps", "expected at least one step"));
    assertThat(fields(problems(new JsonObject().put("name", "flow")))).containsExactly("steps");
    assertThat(fields(problems(new JsonObject().put("name", "flow").put("steps", "a"))))
        .containsExactly("steps");
  }

  @Test
  void atMostAHundredSteps() {
    JsonArray steps = new JsonArray();
    for (int i = 0; i < 100; i++) {
      steps.add(task("s" + i));
    }
    assertThat(parseOk(new JsonObject().put("name", "flow").put("steps", steps)).steps())
        .hasSize(100);
    steps.add(task("s100"));
    assertThat(problems(new JsonObject().put("name", "flow").put("steps", steps)))
        .containsExactly(new FieldProblem("steps", "expected at most 100 steps, got 101"));
  }

  @Test
  void badUnique() {
    assertThat(fields(problems(definition(task("a")).put("unique", "per_user"))))
        .containsExactly("unique");
    assertThat(fields(problems(definition(task("a")).put("unique", true))))
        .containsExactly("unique");
    assertThat(parseOk(definition(task("a")).put("unique", "none")).unique())
        .isEqualTo(Uniqueness.NONE);
  }

  @Test
  void badTriggers() {
    assertThat(
            fields(
                problems(
                    definition(task("a"))
                        .put("trigger", new JsonObject().put("on", "lead.deleted")))))
        .containsExactly("trigger.on");
    assertThat(
            fields(
                problems(
                    definition(task("a"))
                        .put("trigger", new JsonObject().put("schedule", "0 9 * *")))))
        .containsExactly("trigger.schedule");
    assertThat(
            problems(
                    definition(task("a"))
                        .put("trigger", new JsonObject().put("schedule", "0 0 9 * * ? 2026")))
                .get(0)
                .message())
        .startsWith("expected a standard 5-field UNIX cron expression");
    assertThat(
            fields(
                problems(
                    definition(task("a"))
                        .put(
                            "trigger",
                            new JsonObject()
                                .put("schedule", "0 9 * * *")
                                .put("timezone", "Mars/Olympus")))))
        .containsExactly("trigger.timezone");
    assertThat(
            fields(
                problems(
                    definition(task("a"))
                        .put(
                            "trigger",
                            new JsonObject()
                                .put("schedule", "0 9 * * *")
                                .put("timezone", "+01:00")))))
        .containsExactly("trigger.timezone");
    assertThat(
            problems(
                definition(task("a"))
                    .put(
                        "trigger",
                        new JsonObject().put("on", "lead.created").put("schedule", "0 9 * * *"))))
        .containsExactly(
            new FieldProblem("trigger", "on and schedule are mutually exclusive: give one"));
    assertThat(
            fields(
                problems(
                    definition(task("a"))
                        .put(
                            "trigger",
                            new JsonObject().put("schedule", "0 9 * * *").put("if", "true")))))
        .containsExactly("trigger.if");
    assertThat(
            fields(
                problems(
                    definition(task("a"))
                        .put(
                            "trigger",
                            new JsonObject().put("on", "lead.created").put("timezone", "UTC")))))
        .containsExactly("trigger.timezone");
    assertThat(fields(problems(definition(task("a")).put("trigger", new JsonObject()))))
        .containsExactly("trigger");
    assertThat(fields(problems(definition(task("a")).put("trigger", "lead.created"))))
        .containsExactly("trigger");
    assertThat(
            fields(
                problems(
                    definition(task("a"))
                        .put(
                            "trigger",
                            new JsonObject().put("on", "lead.created").put("when", "now")))))
        .containsExactly("trigger.when");
  }

  @Test
  void badNamesAndDescriptions() {
    assertThat(fields(problems(definition(task("a")).put("name", "Nurture Flow"))))
        .containsExactly("name");
    assertThat(fields(problems(definition(task("a")).put("name", "x".repeat(65)))))
        .containsExactly("name");
    assertThat(fields(problems(definition(task("a")).put("name", 5)))).containsExactly("name");
    assertThat(fields(problems(definition(task("a")).put("name", null)))).containsExactly("name");
    assertThat(parseOk(definition(task("a")).put("name", "x".repeat(64))).name()).hasSize(64);
    assertThat(fields(problems(definition(task("a")).put("description", "d".repeat(501)))))
        .containsExactly("description");
    assertThat(parseOk(definition(task("a")).put("description", "d".repeat(500))).description())
        .hasSize(500);
    assertThat(fields(problems(definition(task("a")).put("description", 7))))
        .containsExactly("description");
    assertThat(fields(problems(definition(task("Bad-Name"))))).containsExactly("steps[0].name");
    assertThat(fields(problems(definition(new JsonObject().put("type", "noop")))))
        .containsExactly("steps[0].name");
  }

  @Test
  void stepKindsAreToldByTheirFields() {
    assertThat(problems(definition(new JsonObject().put("name", "a"))))
        .extracting(FieldProblem::field)
        .containsExactly("steps[0]");
    assertThat(
            problems(
                definition(
                    new JsonObject().put("name", "a").put("type", "noop").put("wait", "PT1M"))))
        .containsExactly(
            new FieldProblem("steps[0]", "has more than one kind (type, wait): give one"));
    assertThat(fields(problems(definition(new JsonObject().put("name", "a").put("end", false)))))
        .containsExactly("steps[0].end");
    assertThat(fields(problems(definition(task("a"), "not a step")))).containsExactly("steps[1]");
  }

  private static JsonObject definition(JsonObject first, String notAStep) {
    return definition(first).put("steps", new JsonArray().add(first).add(notAStep));
  }

  @Test
  void unknownFieldsOfNonTaskStepsAndOfTheDefinition() {
    List<FieldProblem> problems =
        problems(
            definition(
                    new JsonObject().put("name", "w").put("wait", "PT1M").put("template", "x"),
                    new JsonObject().put("name", "e").put("end", true).put("next", "w"))
                .put("enabled", true));
    assertThat(fields(problems)).containsExactly("enabled", "steps[0].template", "steps[1].next");
    assertThat(problems.get(1).message())
        .isEqualTo("unknown field of a wait step; it has [name, wait, next]");
  }

  @Test
  void versionIsANonNegativeInteger() {
    assertThat(parseOk(definition(task("a")).put("version", 3)).version()).isEqualTo(3);
    assertThat(fields(problems(definition(task("a")).put("version", -1))))
        .containsExactly("version");
    assertThat(fields(problems(definition(task("a")).put("version", "3"))))
        .containsExactly("version");
  }

  @Test
  void allProblemsAreCollectedUpToFifty() {
    JsonArray steps = new JsonArray();
    for (int i = 0; i < 80; i++) {
      steps.add(new JsonObject().put("name", "s" + i).put("type", "nope"));
    }
    List<FieldProblem> problems =
        problems(new JsonObject().put("name", "Bad").put("unique", "x").put("steps", steps));
    assertThat(problems).hasSize(WorkflowDefinition.MAX_PROBLEMS);
    assertThat(fields(problems)).startsWith("name", "unique", "steps[0].type", "steps[1].type");
  }

  @Test
  void theRecordRefusesAnEmptyStepList() {
    assertThatThrownBy(
            () ->
                new WorkflowDefinition(
                    "x", "", 0, Optional.empty(), Optional.empty(), Uniqueness.NONE, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.ao.shared.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ao.shared.config.ConfigProblem;
import io.ao.shared.config.InvalidConfigException;
import io.ao.shared.workflows.Step.TaskStep;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigWorkflowsTest {

  private static JsonObject builtInWorkflows() throws IOException {
    try (InputStream in = ConfigWorkflowsTest.class.getResourceAsStream("/ao-defaults.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getJsonObject("workflows");
    }
  }

  @Test
  void theBuiltInLeadIntakeParses() throws IOException {
    List<WorkflowDefinition> definitions =
        ConfigWorkflows.read(builtInWorkflows(), WorkflowDefinitionTest.TYPES);

    assertThat(definitions)
        .extracting(WorkflowDefinition::name)
        .containsExactly("lead_intake", "crm_sync");
    WorkflowDefinition intake = definitions.get(0);
    assertThat(intake.description())
        .isEqualTo("Process the lead, sync it to the CRM, send the follow-up email");
    assertThat(intake.trigger()).isEmpty();
    assertThat(intake.cancelIf()).isEmpty();
    assertThat(intake.unique()).isEqualTo(Uniqueness.NONE);
    assertThat(intake.steps())
        .extracting(Step::name)
        .containsExactly("process", "crm_sync", "follow_up");
    TaskStep followUp = (TaskStep) intake.steps().get(2);
    assertThat(followUp.type()).isEqualTo("email_send");
    assertThat(followUp.params()).isEqualTo(new JsonObject().put("template", "follow_up"));
    assertThat(intake.successor(followUp)).isEmpty();
  }

  @Test
  void entriesMayCarryTriggersCancelIfAndUnique() {
    JsonObject section =
        new JsonObject(
            """
            {"nurture": {"description": "d",
              "trigger": {"on": "lead.updated", "if": "lead.status == 'qualified'"},
              "cancel_if": "lead.status == 'lost'", "unique": "per_lead",
              "steps": [{"name": "mail", "type": "email_send", "template": "hello"}]},
             "nightly": {"trigger": {"schedule": "0 2 * * *", "timezone": "Europe/Berlin"},
              "steps": [{"name": "noop", "type": "noop"}]}}
            """);
    List<WorkflowDefinition> definitions =
        ConfigWorkflows.read(section, WorkflowDefinitionTest.TYPES);
    assertThat(definitions.get(0).unique()).isEqualTo(Uniqueness.PER_LEAD);
    assertThat(definitions.get(0).trigger()).containsInstanceOf(Trigger.LeadEvent.class);
    assertThat(definitions.get(1).trigger()).containsInstanceOf(Trigger.Schedule.class);
  }

  @Test
  void problemsNameTheConfigKey() {
    JsonObject section =
        new JsonObject(
            """
            {"lead_intake": {"steps": [
               {"name": "process", "type": "lead_process"},
               {"name": "crm_sync", "type": "crm_update"},
               {"name": "follow_up", "type": "email_sned", "template": "follow_up"}]},
             "Bad Name": {"steps": [{"name": "a", "type": "noop"}]},
             "waits": {"steps": [{"name": "w", "wait": "P1M"}], "unique": "always"},
             "renamed": {"name": "other", "steps": [{"name": "a", "type": "noop"}]},
             "scalar": 5}
            """);
    InvalidConfigException e =
        catchThrowableOfType(
            InvalidConfigException.class,
            () -> ConfigWorkflows.read(section, WorkflowDefinitionTest.TYPES));
    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly(
            "workflows.lead_intake.steps[2].type",
            "workflows.Bad Name",
            "workflows.waits.unique",
            "workflows.waits.steps[0].wait",
            "workflows.renamed.name",
            "workflows.scalar");
    assertThat(e.getMessage())
        .contains("workflows.lead_intake.steps[2].type: unknown task type email_sned");
  }
}

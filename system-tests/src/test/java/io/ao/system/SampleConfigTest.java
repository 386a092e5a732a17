package io.ao.system;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.shared.config.ConfigRequirement;
import io.ao.shared.workflows.Step;
import io.ao.shared.workflows.WorkflowDefinition;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample configuration users copy must load and mean what its comments say. */
class SampleConfigTest {

  @Test
  void theSampleConfigLoadsForBothServicesAndDefinesTheWorkflows() {
    Path sample = Path.of("..", "config", "sample-config.yaml").toAbsolutePath().normalize();
    assertThat(Files.isRegularFile(sample)).as(sample.toString()).isTrue();
    Vertx vertx = Vertx.vertx();
    try {
      Map<String, String> env =
          Map.of("AO_CONFIG", sample.toString(), "AO_JWT_SECRET", "x".repeat(40));
      AppConfig api =
          await(
              new ConfigLoader(vertx, env)
                  .load("api-defaults.json", ConfigRequirement.SIGNING_KEY));
      AppConfig worker = await(new ConfigLoader(vertx, env).load("worker-defaults.json"));
      assertThat(api.crm().baseUrl()).isEqualTo("https://crm.example.com");
      assertThat(worker.crm().fieldMapping().get("title")).isEqualTo("jobTitle");
      assertThat(worker.crm().provider()).isEqualTo("generic");
      assertThat(worker.crm().rateLimit().requests()).isZero();
      assertThat(worker.crm().rateLimit().marginMs()).isEqualTo(100);
      assertThat(worker.crm().salesforce().apiVersion()).isEqualTo("v60.0");
      assertThat(worker.crm().missingSecrets()).as("generic needs none").isEmpty();
      Map<String, String> hubspotEnv = new java.util.HashMap<>(env);
      hubspotEnv.put("AO_CRM_PROVIDER", "hubspot");
      AppConfig hubspot = await(new ConfigLoader(vertx, hubspotEnv).load("worker-defaults.json"));
      assertThat(hubspot.crm().fieldMapping().get("title")).isEqualTo("jobtitle");
      assertThat(hubspot.crm().missingSecrets())
          .containsExactly("crm.hubspot.access_token (AO_CRM_HUBSPOT_ACCESS_TOKEN)");
      assertThat(worker.email().smtp().port()).isEqualTo(587);
      List<WorkflowDefinition> workflows = worker.workflows();
      assertThat(workflows)
          .extracting(WorkflowDefinition::name)
          .containsExactly("lead_intake", "crm_sync");
      assertThat(workflows.get(0).steps())
          .extracting(step -> ((Step.TaskStep) step).type())
          .containsExactly("lead_process", "crm_update", "email_send");
    } finally {
      await(vertx.close());
    }
  }
}

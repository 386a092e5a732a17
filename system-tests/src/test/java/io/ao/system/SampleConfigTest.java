package io.ao.system;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.shared.config.ConfigRequirement;
import io.ao.shared.workflows.WorkflowDefinitions;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
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
      assertThat(worker.email().smtp().port()).isEqualTo(587);
      WorkflowDefinitions workflows = worker.workflows();
      assertThat(workflows.find("lead_intake").orElseThrow().steps())
          .extracting(WorkflowDefinitions.Step::type)
          .containsExactly("lead_process", "crm_update", "email_send");
      assertThat(workflows.find("crm_sync")).isPresent();
    } finally {
      await(vertx.close());
    }
  }
}

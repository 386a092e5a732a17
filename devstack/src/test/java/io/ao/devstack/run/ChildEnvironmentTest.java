package io.ao.devstack.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

  @Test
  void theServicesListenOnLoopbackUnlessTheDeveloperSaysOtherwise() {
    Map<String, String> child = ChildEnvironment.of(Map.of(), "redis://127.0.0.1:6390", 8080, 8081);
    Map<String, String> exposed =
        ChildEnvironment.of(
            Map.of("AO_HTTP_HOST", "0.0.0.0"), "redis://127.0.0.1:6390", 8080, 8081);

    assertThat(child)
        .containsEntry("AO_HTTP_HOST", "127.0.0.1")
        .containsEntry("AO_WORKER_HTTP_HOST", "127.0.0.1")
        .containsEntry("AO_REDIS_URL", "redis://127.0.0.1:6390")
        .containsEntry("AO_HTTP_PORT", "8080")
        .containsEntry("AO_WORKER_HTTP_PORT", "8081");
    assertThat(exposed)
        .containsEntry("AO_HTTP_HOST", "0.0.0.0")
        .containsEntry("AO_WORKER_HTTP_HOST", "127.0.0.1");
  }
}

package io.ao.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvOverlayTest {

  private static final JsonObject DEFAULTS = BuiltInDefaults.common();

  @Test
  void knownNamesFollowThePathsAndIncludeAliasesAndTheFileVariable() {
    assertThat(ConfigLoader.knownEnvNames(DEFAULTS))
        .contains(
            "AO_HTTP_PORT",
            "AO_REDIS_URL",
            "AO_WORKER_HTTP_PORT",
            "AO_ADMIN_PASSWORD",
            "AO_JWT_SECRET",
            "AO_AUTH_JWT_SECRET",
            "AO_RATE_LIMIT_MAX_REQUESTS",
            "AO_MONITORING_QUEUE_DEPTH_WARN",
            "AO_EMAIL_SMTP_HOST",
            "AO_QUEUE_QUEUES",
            "AO_WORKFLOWS_LEAD_INTAKE_STEPS",
            "AO_CONFIG");
    assertThat(ConfigLoader.knownEnvNames(DEFAULTS)).doesNotContain("AO_HTTP", "AO_EMAIL_SMTP");
  }

  @Test
  void valuesAreTypedLikeTheirDefaults() {
    EnvOverlay overrides =
        EnvOverlay.from(
            DEFAULTS,
            Map.of(
                "AO_HTTP_PORT", "9090",
                "AO_QUEUE_TASK_RETENTION_SECONDS", "8000000000",
                "AO_REDIS_REQUIRED", "TRUE",
                "AO_REDIS_URL", "redis://cache:6379/2",
                "AO_QUEUE_QUEUES", "[\"a\",\"b\"]",
                "AO_WORKFLOWS_LEAD_INTAKE_STEPS",
                    "[{\"name\":\"process\",\"type\":\"lead_process\"}]"));

    JsonObject overlay = overrides.overlay();
    assertThat(overrides.problems()).isEmpty();
    assertThat(ConfigValues.valueAt(overlay, "http.port")).isEqualTo(9090);
    assertThat(ConfigValues.valueAt(overlay, "queue.task_retention_seconds"))
        .isEqualTo(8_000_000_000L);
    assertThat(ConfigValues.valueAt(overlay, "redis.required")).isEqualTo(true);
    assertThat(ConfigValues.valueAt(overlay, "redis.url")).isEqualTo("redis://cache:6379/2");
    assertThat(ConfigValues.valueAt(overlay, "queue.queues"))
        .isEqualTo(new JsonArray().add("a").add("b"));
    assertThat(
            overlay.getJsonObject("workflows").getJsonObject("lead_intake").getJsonArray("steps"))
        .containsExactly(new JsonObject().put("name", "process").put("type", "lead_process"));
    assertThat(overlay.fieldNames())
        .containsExactlyInAnyOrder("http", "queue", "redis", "workflows");
  }

  @Test
  void decimalDefaultsTakeDecimals() {
    JsonObject defaults = new JsonObject().put("load", new JsonObject().put("factor", 0.5));

    EnvOverlay overrides = EnvOverlay.from(defaults, Map.of("AO_LOAD_FACTOR", "0.75"));

    assertThat(ConfigValues.valueAt(overrides.overlay(), "load.factor")).isEqualTo(0.75);
  }

  @Test
  void aliasesSetTheirKeys() {
    EnvOverlay overrides =
        EnvOverlay.from(
            DEFAULTS,
            Map.of(
                "AO_ADMIN_PASSWORD",
                "first-admin-pw",
                "AO_JWT_SECRET",
                "0123456789abcdef0123456789abcdef"));

    assertThat(ConfigValues.valueAt(overrides.overlay(), "auth.admin_password"))
        .isEqualTo("first-admin-pw");
    assertThat(ConfigValues.valueAt(overrides.overlay(), "auth.jwt_secret"))
        .isEqualTo("0123456789abcdef0123456789abcdef");
  }

  @Test
  void aliasAndFullNameWithDifferentValuesIsAProblemThatHidesBothValues() {
    EnvOverlay overrides =
        EnvOverlay.from(
            DEFAULTS, Map.of("AO_JWT_SECRET", "secret-one", "AO_AUTH_JWT_SECRET", "secret-two"));

    assertThat(overrides.problems())
        .singleElement()
        .asString()
        .isEqualTo(
            "auth.jwt_secret: set by both AO_AUTH_JWT_SECRET and AO_JWT_SECRET with different values; set only one");
  }

  @Test
  void untypeableValuesAreProblemsNamingKeyVariableAndExpectation() {
    EnvOverlay overrides =
        EnvOverlay.from(
            DEFAULTS,
            Map.of("AO_HTTP_PORT", "abc", "AO_AUTH_ENABLED", "yes", "AO_QUEUE_QUEUES", "default"));

    assertThat(overrides.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "auth.enabled: expected true or false (from AO_AUTH_ENABLED), got \"yes\"",
            "http.port: expected an integer (from AO_HTTP_PORT), got \"abc\"",
            "queue.queues: expected a JSON array (from AO_QUEUE_QUEUES), got \"default\"");
    assertThat(overrides.overlay().isEmpty()).isTrue();
  }

  @Test
  void unknownAoNamesAreCollectedAndOtherVariablesIgnored() {
    EnvOverlay overrides =
        EnvOverlay.from(
            DEFAULTS,
            Map.of(
                "AO_HTTP_PROT",
                "1",
                "AO_CONFIG",
                "/etc/ao.yaml",
                "PATH",
                "/bin",
                "AO_REDIS_URL",
                "redis://r"));

    assertThat(overrides.unknownNames()).containsExactly("AO_HTTP_PROT");
    assertThat(overrides.problems()).isEmpty();
  }

  @Test
  void theLaunchersOwnVariablesAreNotReportedAsUnknown() {
    EnvOverlay overrides =
        EnvOverlay.from(
            DEFAULTS,
            Map.of(
                "AO_DEV_REDIS_PORT", "6390",
                "AO_API_JVM_OPTS", "-Xmx256m",
                "AO_WORKER_JVM_OPTS", "-Xmx256m",
                "AO_REDIS_SERVER_BIN", "/usr/bin/redis-server",
                "AO_HTTP_PROT", "1"));

    assertThat(overrides.unknownNames()).containsExactly("AO_HTTP_PROT");
  }

  @Test
  void defaultsWhoseKeysCollideAreRefused() {
    JsonObject clashing =
        new JsonObject()
            .put("a", new JsonObject().put("b_c", 1))
            .put("a_b", new JsonObject().put("c", 2));

    assertThatThrownBy(() -> ConfigLoader.knownEnvNames(clashing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AO_A_B_C");
  }
}

package io.ao.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  private static JsonObject defaultsWith(String path, Object value) {
    JsonObject json = BuiltInDefaults.common();
    EnvOverlay.put(json, path, value);
    return json;
  }

  @Test
  void commonDefaultsBuildEveryRecord() {
    AppConfig config = AppConfig.from(BuiltInDefaults.common());

    assertThat(config.http())
        .isEqualTo(
            new HttpConfig(
                "0.0.0.0", 8080, 0, 1_048_576, 1_000, 10_000, List.of(), List.of(), 60, 10_000, 256,
                10_000));
    assertThat(config.redis())
        .isEqualTo(
            new RedisConfig(
                "redis://127.0.0.1:6379/0",
                16,
                1024,
                false,
                5000,
                "ao",
                "standalone",
                List.of(),
                List.of(),
                "mymaster",
                "",
                0,
                1000));
    assertThat(config.queue())
        .isEqualTo(new QueueConfig(List.of("default"), 30_000, 604_800, 10, 1000, 300_000, 1));
    assertThat(config.worker())
        .isEqualTo(new WorkerConfig(8081, "0.0.0.0", 64, 32, 2000, 20_000, 60_000, 250, 5000));
    assertThat(config.monitoring()).isEqualTo(new MonitoringConfig(1000, 1000, "", 0));
  }

  @Test
  void theServiceSectionsAreTypedToo() {
    AppConfig config = AppConfig.from(BuiltInDefaults.common());

    assertThat(config.auth().enabled()).isTrue();
    assertThat(config.auth().jwtSecret()).isEmpty();
    assertThat(config.rateLimit().maxRequests()).isEqualTo(120);
    assertThat(config.rateLimit().perRole()).isEmpty();
    assertThat(config.crm().updateEndpoint()).isEqualTo("/api/leads/{id}");
    assertThat(config.crm().fieldMapping()).containsEntry("title", "jobTitle");
    assertThat(config.email().smtp().port()).isEqualTo(25);
    assertThat(config.email().smtp().configured()).isFalse();
    assertThat(config.email().followupWindow()).hasHours(24);
    assertThat(config.workflows()).extracting(w -> w.name()).contains("lead_intake");
    assertThat(config.workflows().get(0).steps()).hasSize(3);
    assertThat(config.scoring().rules()).hasSize(6);
    assertThat(config.audit())
        .isEqualTo(new AuditConfig(100_000, 250_000, 10_000, "var/backups/audit"));
    assertThat(config.tasks().acceptedTypes()).containsExactly("noop");
    assertThat(config.service().version()).isEqualTo("1.0.0");
    assertThat(config.raw().getJsonObject("crm").getString("get_endpoint"))
        .isEqualTo("/api/leads/{id}");
  }

  @Test
  void rawJsonCannotBeChangedThroughTheRecord() {
    AppConfig config = AppConfig.from(BuiltInDefaults.common());

    config.raw().put("http", "changed");
    config.raw().getJsonObject("auth").put("enabled", false);
    config.email().templates().clear();

    assertThat(config.raw().getValue("http")).isInstanceOf(JsonObject.class);
    assertThat(config.raw().getJsonObject("auth").getBoolean("enabled")).isTrue();
    assertThat(config.email().templates().fieldNames()).contains("follow_up");
  }

  @Test
  void zeroInstancesMeansOnePerCore() {
    assertThat(
            new HttpConfig("h", 1, 0, 1, 0, 0, List.of(), List.of(), 60, 10_000, 256, 10_000)
                .instancesOrCores())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(
            new HttpConfig("h", 1, 3, 1, 0, 0, List.of(), List.of(), 60, 10_000, 256, 10_000)
                .instancesOrCores())
        .isEqualTo(3);
  }

  @Test
  void negativeConcurrencyIsRejected() {
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("worker.concurrency", -1)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(
            "worker.concurrency: expected an integer between 1 and 10000, got -1");
  }

  @Test
  void retryMaxDelayBelowBaseDelayIsRejected() {
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("queue.retry_max_delay_ms", 500)))
        .hasMessageContaining(
            "queue.retry_max_delay_ms: expected at least queue.retry_base_delay_ms (1000), got 500");
  }

  @Test
  void queueNamesMustBeValidAndDistinct() {
    assertThatThrownBy(
            () -> AppConfig.from(defaultsWith("queue.queues", new JsonArray().add("a").add("a"))))
        .hasMessageContaining("queue.queues: expected each queue named once, got [\"a\",\"a\"]");
    assertThatThrownBy(
            () -> AppConfig.from(defaultsWith("queue.queues", new JsonArray().add("{x}"))))
        .hasMessageContaining("queue.queues[0]: expected a queue name of 1-64 characters");
  }

  @Test
  void theCrmProviderTheRateLimitAccountAndTheResetZoneAreChecked() {
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("crm.provider", "zoho")))
        .hasMessageContaining(
            "crm.provider: expected one of generic, hubspot, pipedrive, salesforce, got \"zoho\"");
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("crm.rate_limit.account", "a}b")))
        .hasMessageContaining("crm.rate_limit.account: expected 1 to 64 of A-Z a-z 0-9 _ . -");
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("crm.hubspot.daily_reset_zone", "Mars")))
        .hasMessageContaining("crm.hubspot.daily_reset_zone: expected a time zone");
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("crm.rate_limit.requests", -1)))
        .hasMessageContaining("crm.rate_limit.requests: expected an integer between 0 and 1000000");
  }

  @Test
  void keyPrefixMayNotBreakHashTags() {
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("redis.key_prefix", "ao:{x}")))
        .hasMessageContaining(
            "redis.key_prefix: expected 1-32 characters of A-Z a-z 0-9 _ . -, got \"ao:{x}\"");
  }

  @Test
  void sentinelModeTakesSentinelsAMasterNameAndAReplicaAcknowledgement() {
    JsonObject json = BuiltInDefaults.common();
    EnvOverlay.put(json, "redis.mode", "sentinel");
    EnvOverlay.put(
        json,
        "redis.sentinels",
        new JsonArray().add("redis://10.0.0.1:26379").add("redis://10.0.0.2:26379"));
    EnvOverlay.put(json, "redis.master_name", "ao-main");
    EnvOverlay.put(json, "redis.sentinel_password", "s3cret");
    EnvOverlay.put(json, "redis.min_replicas_ack", 1);
    EnvOverlay.put(json, "redis.replica_ack_timeout_ms", 250);
    RedisConfig redis = AppConfig.from(json).redis();
    assertThat(redis.sentinel()).isTrue();
    assertThat(redis.cluster()).isFalse();
    assertThat(redis.sentinels())
        .containsExactly("redis://10.0.0.1:26379", "redis://10.0.0.2:26379");
    assertThat(redis.masterName()).isEqualTo("ao-main");
    assertThat(redis.minReplicasAck()).isEqualTo(1);
    assertThat(redis.replicaAckTimeoutMs()).isEqualTo(250);
    assertThat(redis.toString()).doesNotContain("s3cret");

    assertThatThrownBy(() -> AppConfig.from(defaultsWith("redis.mode", "sentinel")))
        .hasMessageContaining(
            "redis.sentinels: expected at least one Sentinel URL when redis.mode is sentinel");
    assertThatThrownBy(
            () ->
                AppConfig.from(
                    defaultsWith("redis.sentinels", new JsonArray().add("redis://h:26379"))))
        .hasMessageContaining("redis.sentinels: expected empty unless redis.mode is sentinel");
    JsonObject cluster = BuiltInDefaults.common();
    EnvOverlay.put(cluster, "redis.mode", "cluster");
    EnvOverlay.put(cluster, "redis.min_replicas_ack", 1);
    assertThatThrownBy(() -> AppConfig.from(cluster))
        .hasMessageContaining("redis.min_replicas_ack: expected 0 when redis.mode is cluster");
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("redis.min_replicas_ack", -1)))
        .hasMessageContaining("redis.min_replicas_ack: expected an integer between 0 and 16");
  }

  @Test
  void clusterModeTakesSeedNodesAndRefusesThemOtherwise() {
    JsonObject json = BuiltInDefaults.common();
    EnvOverlay.put(json, "redis.mode", "cluster");
    EnvOverlay.put(json, "redis.url", "redis://10.0.0.1:7000");
    EnvOverlay.put(
        json,
        "redis.cluster_nodes",
        new JsonArray().add("redis://10.0.0.2:7000").add("redis://10.0.0.1:7000"));
    RedisConfig redis = AppConfig.from(json).redis();
    assertThat(redis.cluster()).isTrue();
    assertThat(redis.seeds()).containsExactly("redis://10.0.0.1:7000", "redis://10.0.0.2:7000");

    assertThatThrownBy(
            () ->
                AppConfig.from(
                    defaultsWith("redis.cluster_nodes", new JsonArray().add("redis://h:1"))))
        .hasMessageContaining("redis.cluster_nodes: expected empty unless redis.mode is cluster");
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("redis.mode", "replicas")))
        .hasMessageContaining("redis.mode: expected one of cluster, sentinel, standalone");
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("queue.partitions", 0)))
        .hasMessageContaining("queue.partitions: expected an integer between 1 and 64, got 0");
  }

  @Test
  void everyBadKeyIsReportedAtOnce() {
    JsonObject json = BuiltInDefaults.common();
    EnvOverlay.put(json, "http.port", "abc");
    EnvOverlay.put(json, "redis.url", "localhost");
    EnvOverlay.put(json, "worker.concurrency", -1);
    EnvOverlay.put(json, "monitoring.queue_depth_warn", true);

    assertThatThrownBy(() -> AppConfig.from(json))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key)
                    .containsExactly(
                        "http.port",
                        "redis.url",
                        "worker.concurrency",
                        "monitoring.queue_depth_warn"));
  }

  @Test
  void connectionLimitsAreBounded() {
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("http.idle_timeout_seconds", 0)))
        .hasMessageContaining(
            "http.idle_timeout_seconds: expected an integer between 1 and 3600, got 0");
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("http.request_head_timeout_ms", 50)))
        .hasMessageContaining("http.request_head_timeout_ms: expected a duration in milliseconds");
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("http.max_connections_per_address", 0)))
        .hasMessageContaining("http.max_connections_per_address: expected an integer between 1");
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("http.max_connections", -1)))
        .hasMessageContaining("http.max_connections: expected an integer between 1");
  }

  @Test
  void theMetricsTokenIsLongEnoughAndNeverPrintedAndTheMetricsPortIsNotTheApiPort() {
    String token = "metrics-token-0123456789";
    MonitoringConfig monitoring =
        AppConfig.from(defaultsWith("monitoring.metrics_token", token)).monitoring();
    assertThat(monitoring.metricsTokenRequired()).isTrue();
    assertThat(monitoring.toString()).doesNotContain(token);
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("monitoring.metrics_token", "short")))
        .hasMessageContaining("monitoring.metrics_token: expected empty (no token) or at least 16")
        .hasMessageNotContaining("\"short\"");
    assertThat(
            AppConfig.from(defaultsWith("monitoring.metrics_port", 9090))
                .monitoring()
                .metricsOnOwnPort())
        .isTrue();
    assertThatThrownBy(() -> AppConfig.from(defaultsWith("monitoring.metrics_port", 8080)))
        .hasMessageContaining("monitoring.metrics_port: expected a port other than http.port");
  }
}

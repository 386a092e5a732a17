package io.ao.shared.config;

import io.ao.shared.queue.TaskTypes;
import io.ao.shared.workflows.ConfigWorkflows;
import io.ao.shared.workflows.WorkflowDefinition;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * The whole validated configuration of a service, one typed record per section. Both services read
 * the same file, so every section is validated for both; what only one service needs beyond
 * well-formed values is a {@link ConfigRequirement}.
 *
 * @param raw the merged JSON (defaults, file, environment), for diagnostics and tests; the services
 *     read the typed sections
 */
public record AppConfig(
    HttpConfig http,
    RedisConfig redis,
    QueueConfig queue,
    WorkerConfig worker,
    MonitoringConfig monitoring,
    ServiceConfig service,
    AuthConfig auth,
    RateLimitConfig rateLimit,
    AuditConfig audit,
    TasksConfig tasks,
    CrmConfig crm,
    EmailConfig email,
    ScoringConfig scoring,
    LeadsConfig leads,
    List<WorkflowDefinition> workflows,
    WebhooksConfig webhooks,
    JsonObject raw) {

  public AppConfig {
    raw = raw.copy();
  }

  /**
   * Validates every section of {@code merged} (defaults, file and environment already applied) and
   * builds the records.
   *
   * @throws InvalidConfigException naming every bad key, not just the first
   */
  public static AppConfig from(JsonObject merged, ConfigRequirement... requirements) {
    ConfigReader reader = new ConfigReader(merged);
    AppConfig config = read(reader, Set.of(requirements));
    reader.throwIfInvalid();
    return config;
  }

  /**
   * Reads all sections, leaving problems in {@code reader} for the caller to throw together with
   * its own.
   */
  static AppConfig read(ConfigReader reader, Set<ConfigRequirement> requirements) {
    AppConfig config =
        new AppConfig(
            HttpConfig.read(reader),
            RedisConfig.read(reader),
            QueueConfig.read(reader),
            WorkerConfig.read(reader),
            MonitoringConfig.read(reader),
            ServiceConfig.read(reader),
            AuthConfig.read(reader),
            RateLimitConfig.read(reader),
            AuditConfig.read(reader),
            TasksConfig.read(reader),
            CrmConfig.read(reader),
            EmailConfig.read(reader),
            ScoringConfig.read(reader),
            LeadsConfig.read(reader),
            workflows(reader),
            WebhooksConfig.read(reader),
            reader.source());
    if (requirements.contains(ConfigRequirement.SIGNING_KEY)) {
      config.auth().checkSigningKey(reader);
    }
    reader.check(
        config.monitoring().metricsPort() != config.http().port(),
        "monitoring.metrics_port",
        "a port other than http.port (" + config.http().port() + "), or 0 for none");
    return config;
  }

  private static List<WorkflowDefinition> workflows(ConfigReader reader) {
    try {
      return ConfigWorkflows.read(reader.object("workflows"), TaskTypes.STEP_TYPES);
    } catch (InvalidConfigException malformed) {
      malformed.problems().forEach(reader::report);
    } catch (ClassCastException notTheDocumentedShape) {
      reader.report(
          new ConfigProblem(
              "workflows", "expected workflows of a description and a list of step objects"));
    }
    return List.of();
  }

  /** A copy of the merged configuration; callers cannot change what others see. */
  @Override
  public JsonObject raw() {
    return raw.copy();
  }
}

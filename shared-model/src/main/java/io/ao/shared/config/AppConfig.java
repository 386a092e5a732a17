package io.ao.shared.config;

import io.vertx.core.json.JsonObject;

/**
 * The whole validated configuration of a service: typed records for the sections both
 * services use, and the merged JSON for sections that are read elsewhere
 * ({@code auth}, {@code rate_limit}, {@code crm}, {@code email}, {@code workflows}, ...).
 */
public record AppConfig(HttpConfig http, RedisConfig redis, QueueConfig queue, WorkerConfig worker,
                        MonitoringConfig monitoring, JsonObject raw) {

  public AppConfig {
    raw = raw.copy();
  }

  /**
   * Validates every typed section of {@code merged} (defaults, file and environment already
   * applied) and builds the records.
   *
   * @throws InvalidConfigException naming every bad key, not just the first
   */
  public static AppConfig from(JsonObject merged) {
    ConfigReader reader = new ConfigReader(merged);
    AppConfig config = read(reader);
    reader.throwIfInvalid();
    return config;
  }

  /** Reads all sections, leaving problems in {@code reader} for the caller to throw together with its own. */
  static AppConfig read(ConfigReader reader) {
    return new AppConfig(
      HttpConfig.read(reader),
      RedisConfig.read(reader),
      QueueConfig.read(reader),
      WorkerConfig.read(reader),
      MonitoringConfig.read(reader),
      reader.source());
  }

  /** A copy of the merged configuration; callers cannot change what others see. */
  @Override
  public JsonObject raw() {
    return raw.copy();
  }

  /** A copy of one top-level section, empty when absent (e.g. {@code section("rate_limit")}). */
  public JsonObject section(String name) {
    return raw.getValue(name) instanceof JsonObject section ? section.copy() : new JsonObject();
  }
}

package io.ao.shared.config;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker's CRM ({@code crm} section): where the CRM is, its endpoints ({id} is the CRM's id of
 * the lead), the auth header, the lead-to-CRM field mapping and the circuit breaker's limits. An
 * empty api_base_url means "no CRM".
 *
 * @param baseUrl without a trailing '/', so endpoints can be appended
 * @param fieldMapping lead field → CRM field, in the configured order
 */
public record CrmConfig(
    String baseUrl,
    String createEndpoint,
    String updateEndpoint,
    String deleteEndpoint,
    String authHeader,
    String authToken,
    long timeoutMs,
    Map<String, String> fieldMapping,
    String idField,
    int breakerMaxFailures,
    long breakerResetMs,
    long resyncDelayMs) {

  private static final long ONE_HOUR_MS = 3_600_000L;

  public CrmConfig {
    fieldMapping = Collections.unmodifiableMap(new LinkedHashMap<>(fieldMapping));
  }

  static CrmConfig read(ConfigReader config) {
    return new CrmConfig(
        baseUrl(config),
        config.nonBlankString("crm.create_endpoint"),
        config.nonBlankString("crm.update_endpoint"),
        config.nonBlankString("crm.delete_endpoint"),
        config.nonBlankString("crm.auth_header"),
        config.string("crm.auth_token"),
        config.durationMs("crm.timeout_ms", 1, ONE_HOUR_MS),
        fieldMapping(config),
        config.nonBlankString("crm.id_field"),
        config.requiredInt("crm.circuit_breaker.max_failures", 1, 1_000_000),
        config.durationMs("crm.circuit_breaker.reset_timeout_ms", 1, ONE_HOUR_MS),
        config.durationMs("crm.resync_delay_ms", 0, ONE_HOUR_MS));
  }

  private static String baseUrl(ConfigReader config) {
    String url = config.string("crm.api_base_url");
    if (!url.isBlank()) {
      url = config.url("crm.api_base_url", "http", "https");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static Map<String, String> fieldMapping(ConfigReader config) {
    Map<String, String> mapping = new LinkedHashMap<>();
    config
        .object("crm.field_mapping")
        .forEach(
            entry -> {
              if (entry.getValue() instanceof String crmField && !crmField.isBlank()) {
                mapping.put(entry.getKey(), crmField);
              } else {
                config.check(
                    false,
                    "crm.field_mapping." + entry.getKey(),
                    "a CRM field name, got " + ConfigValues.echo(entry.getValue()));
              }
            });
    return mapping;
  }

  public boolean configured() {
    return !baseUrl.isBlank();
  }

  /** The lead's fields under the CRM's names; unmapped fields are not sent. */
  public JsonObject map(JsonObject lead) {
    JsonObject body = new JsonObject();
    fieldMapping.forEach(
        (leadField, crmField) -> {
          Object value = lead.getValue(leadField);
          if (value != null) {
            body.put(crmField, value);
          }
        });
    return body;
  }

  /** Never print the token. */
  @Override
  public String toString() {
    return "CrmConfig[" + baseUrl + "]";
  }
}

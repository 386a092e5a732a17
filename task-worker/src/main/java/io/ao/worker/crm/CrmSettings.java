package io.ao.worker.crm;

import io.vertx.core.json.JsonObject;

/**
 * The {@code crm} section (kept from the seed's sample_config): where the CRM is, its
 * endpoints ({id} is the CRM's id of the lead), the auth header, the lead-to-CRM field
 * mapping and the circuit breaker's limits. An empty api_base_url means "no CRM".
 */
public record CrmSettings(String baseUrl, String createEndpoint, String updateEndpoint, String deleteEndpoint,
                          String authHeader, String authToken, long timeoutMs, JsonObject fieldMapping,
                          String idField, int breakerMaxFailures, long breakerResetMs) {

  public static CrmSettings from(JsonObject crm) {
    JsonObject breaker = crm.getJsonObject("circuit_breaker", new JsonObject());
    return new CrmSettings(strip(crm.getString("api_base_url", "")), crm.getString("create_endpoint", "/api/leads"),
      crm.getString("update_endpoint", "/api/leads/{id}"), crm.getString("delete_endpoint", "/api/leads/{id}"),
      crm.getString("auth_header", "Authorization"), crm.getString("auth_token", ""), crm.getLong("timeout_ms", 5_000L),
      crm.getJsonObject("field_mapping", new JsonObject()), crm.getString("id_field", "id"),
      breaker.getInteger("max_failures", 5), breaker.getLong("reset_timeout_ms", 10_000L));
  }

  public boolean configured() {
    return !baseUrl.isBlank();
  }

  /** The lead's fields under the CRM's names; unmapped fields are not sent. */
  public JsonObject map(JsonObject lead) {
    JsonObject body = new JsonObject();
    fieldMapping.forEach(entry -> {
      Object value = lead.getValue(entry.getKey());
      if (value != null) {
        body.put(String.valueOf(entry.getValue()), value);
      }
    });
    return body;
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Never print the token. */
  @Override
  public String toString() {
    return "CrmSettings[" + baseUrl + "]";
  }
}

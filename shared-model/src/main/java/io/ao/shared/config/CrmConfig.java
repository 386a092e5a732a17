package io.ao.shared.config;

import io.ao.shared.crypto.Sha256;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worker's CRM ({@code crm} section): which provider's API shape ({@code generic}: the
 * endpoints below, {id} being the CRM's id of the lead; {@code hubspot}, {@code salesforce}, {@code
 * pipedrive}: that CRM's documented REST API), where it is, its credentials, the lead-to-CRM field
 * mapping, the circuit breaker's limits and the account's shared rate limit. An empty api_base_url
 * means "no CRM".
 *
 * @param baseUrl without a trailing '/', so endpoints can be appended
 * @param findEndpoint generic only: GET it with {email} filled in to find a lead the CRM holds;
 *     empty: no lookup
 * @param fieldMapping lead field → CRM field, in the configured order: {@code crm.field_mapping}
 *     for generic, {@code crm.<provider>.field_mapping} for a preset
 */
public record CrmConfig(
    String provider,
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
    long resyncDelayMs,
    String findEndpoint,
    String hubspotToken,
    String hubspotDailyResetZone,
    String pipedriveToken,
    SalesforceSettings salesforce,
    CrmRateLimit rateLimit) {

  public static final String GENERIC = "generic";
  public static final String HUBSPOT = "hubspot";
  public static final String SALESFORCE = "salesforce";
  public static final String PIPEDRIVE = "pipedrive";

  private static final long ONE_HOUR_MS = 3_600_000L;

  public CrmConfig {
    fieldMapping = Collections.unmodifiableMap(new LinkedHashMap<>(fieldMapping));
  }

  static CrmConfig read(ConfigReader config) {
    String provider = config.oneOf("crm.provider", Set.of(GENERIC, HUBSPOT, SALESFORCE, PIPEDRIVE));
    String zone = config.nonBlankString("crm.hubspot.daily_reset_zone");
    try {
      ZoneId.of(zone);
    } catch (DateTimeException bad) {
      config.check(
          false, "crm.hubspot.daily_reset_zone", "a time zone such as UTC or Europe/Berlin");
    }
    return new CrmConfig(
        provider,
        baseUrl(config),
        config.nonBlankString("crm.create_endpoint"),
        config.nonBlankString("crm.update_endpoint"),
        config.nonBlankString("crm.delete_endpoint"),
        config.nonBlankString("crm.auth_header"),
        config.string("crm.auth_token"),
        config.durationMs("crm.timeout_ms", 1, ONE_HOUR_MS),
        fieldMapping(
            config,
            provider.equals(GENERIC) ? "crm.field_mapping" : "crm." + provider + ".field_mapping"),
        config.nonBlankString("crm.id_field"),
        config.requiredInt("crm.circuit_breaker.max_failures", 1, 1_000_000),
        config.durationMs("crm.circuit_breaker.reset_timeout_ms", 1, ONE_HOUR_MS),
        config.durationMs("crm.resync_delay_ms", 0, ONE_HOUR_MS),
        config.string("crm.find_endpoint"),
        config.string("crm.hubspot.access_token"),
        zone,
        config.string("crm.pipedrive.api_token"),
        SalesforceSettings.read(config),
        CrmRateLimit.read(config));
  }

  /**
   * The secrets the configured provider needs and does not have, as keys with the variable that
   * sets each; the worker refuses to start with any missing. Secrets have no defaults.
   */
  public List<String> missingSecrets() {
    List<String> missing = new ArrayList<>();
    if (!configured()) {
      return missing;
    }
    switch (provider) {
      case HUBSPOT:
        if (hubspotToken.isBlank()) {
          missing.add("crm.hubspot.access_token (AO_CRM_HUBSPOT_ACCESS_TOKEN)");
        }
        break;
      case PIPEDRIVE:
        if (pipedriveToken.isBlank()) {
          missing.add("crm.pipedrive.api_token (AO_CRM_PIPEDRIVE_API_TOKEN)");
        }
        break;
      case SALESFORCE:
        if (salesforce.clientId().isBlank()) {
          missing.add("crm.salesforce.client_id (AO_CRM_SALESFORCE_CLIENT_ID)");
        }
        if (salesforce.clientSecret().isBlank()) {
          missing.add("crm.salesforce.client_secret (AO_CRM_SALESFORCE_CLIENT_SECRET)");
        }
        if (salesforce.grantType().equals(SalesforceSettings.REFRESH_TOKEN)
            && salesforce.refreshToken().isBlank()) {
          missing.add("crm.salesforce.refresh_token (AO_CRM_SALESFORCE_REFRESH_TOKEN)");
        }
        break;
      default:
        break;
    }
    return missing;
  }

  /**
   * The name the account's shared limits live under in Redis: {@code crm.rate_limit.account}, or a
   * digest of provider and URL, so workers configured for the same CRM share one budget.
   */
  public String account() {
    if (!rateLimit.account().isBlank()) {
      return rateLimit.account();
    }
    return provider + "-" + Sha256.hex(provider + " " + baseUrl).substring(0, 16);
  }

  private static String baseUrl(ConfigReader config) {
    String url = config.string("crm.api_base_url");
    if (!url.isBlank()) {
      url = config.url("crm.api_base_url", "http", "https");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static Map<String, String> fieldMapping(ConfigReader config, String key) {
    Map<String, String> mapping = new LinkedHashMap<>();
    config
        .object(key)
        .forEach(
            entry -> {
              if (entry.getValue() instanceof String crmField && !crmField.isBlank()) {
                mapping.put(entry.getKey(), crmField);
              } else {
                config.check(
                    false,
                    key + "." + entry.getKey(),
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
    return "CrmConfig[" + provider + ", " + baseUrl + "]";
  }
}

package io.ao.worker.crm;

import io.ao.shared.config.CrmConfig;
import io.ao.shared.config.CrmRateLimit;
import io.ao.shared.config.SalesforceSettings;
import java.util.Map;

/** CrmConfig for a provider's test, pointed at its stand-in, with test-only secrets. */
final class CrmTestSettings {

  private CrmTestSettings() {}

  static SalesforceSettings salesforce(String loginUrl) {
    return new SalesforceSettings(
        loginUrl,
        "v60.0",
        SalesforceSettings.CLIENT_CREDENTIALS,
        "test-client-id",
        "test-client-secret",
        "",
        7_200,
        300,
        600);
  }

  static CrmConfig preset(
      String provider,
      String baseUrl,
      Map<String, String> mapping,
      SalesforceSettings salesforce,
      CrmRateLimit limit) {
    return new CrmConfig(
        provider,
        baseUrl,
        "/api/leads",
        "/api/leads/{id}",
        "/api/leads/{id}",
        "Authorization",
        "",
        2_000,
        mapping,
        "id",
        50,
        10_000,
        60_000,
        "",
        "hubspot-test-token",
        "UTC",
        "pipedrive-test-token",
        salesforce,
        limit);
  }
}

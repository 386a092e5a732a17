package io.ao.shared.config;

import java.util.Set;

/**
 * {@code crm.salesforce}: the OAuth 2.0 token endpoint's host ({@code login_url}, your My Domain
 * for the client-credentials flow), the REST API version, and the flow with its secrets (from the
 * environment: AO_CRM_SALESFORCE_CLIENT_SECRET, AO_CRM_SALESFORCE_REFRESH_TOKEN). Salesforce's
 * token answer carries no lifetime, so the token is renewed {@code refreshMarginSeconds} before
 * {@code tokenTtlSeconds} (the org's session timeout) and whenever the API answers 401.
 */
public record SalesforceSettings(
    String loginUrl,
    String apiVersion,
    String grantType,
    String clientId,
    String clientSecret,
    String refreshToken,
    long tokenTtlSeconds,
    long refreshMarginSeconds,
    long limitPauseSeconds) {

  public static final String CLIENT_CREDENTIALS = "client_credentials";
  public static final String REFRESH_TOKEN = "refresh_token";

  static SalesforceSettings read(ConfigReader config) {
    String login = config.url("crm.salesforce.login_url", "http", "https");
    return new SalesforceSettings(
        login.endsWith("/") ? login.substring(0, login.length() - 1) : login,
        config.matching(
            "crm.salesforce.api_version",
            java.util.regex.Pattern.compile("v\\d{2,3}\\.\\d"),
            "a REST API version such as v60.0"),
        config.oneOf("crm.salesforce.grant_type", Set.of(CLIENT_CREDENTIALS, REFRESH_TOKEN)),
        config.string("crm.salesforce.client_id"),
        config.string("crm.salesforce.client_secret"),
        config.string("crm.salesforce.refresh_token"),
        config.requiredLong("crm.salesforce.token_ttl_seconds", 60, 86_400 * 30L),
        config.requiredLong("crm.salesforce.refresh_margin_seconds", 0, 86_400),
        config.requiredLong("crm.salesforce.limit_pause_seconds", 1, 86_400));
  }

  /** Never print the secrets. */
  @Override
  public String toString() {
    return "SalesforceSettings[" + loginUrl + ", " + apiVersion + ", " + grantType + "]";
  }
}

package io.ao.shared.config;

import java.util.regex.Pattern;

/**
 * How the worker tidies leads ({@code leads} section): {@code default_phone_region}, the ISO 3166
 * country (e.g. US, GB, DE) whose numbering plan a phone number without a country code is read in,
 * so that "(415) 555-0100" becomes +14155550100. {@code quota_bytes_per_user}: how many bytes of
 * lead documents the leads one user created may hold in Redis (0: no quota).
 */
public record LeadsConfig(String defaultPhoneRegion, long quotaBytesPerUser) {

  private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

  static LeadsConfig read(ConfigReader config) {
    return new LeadsConfig(
        config.matching(
            "leads.default_phone_region", REGION, "a two-letter ISO 3166 country code, e.g. US"),
        config.requiredLong("leads.quota_bytes_per_user", 0, Long.MAX_VALUE));
  }
}

package io.ao.shared.config;

import java.util.regex.Pattern;

/**
 * {@code crm.rate_limit}: what every worker together may send to one CRM account. {@code requests}
 * per {@code perSeconds} (0 requests: no rate limit) and at most {@code concurrency} calls at once
 * (0: no cap). A request counts until a window after its answer (see crm_permit.lua); the margin
 * widens the window for clock differences between the workers' hosts.
 *
 * @param account the Redis name of the account; empty means one derived from provider and URL
 */
public record CrmRateLimit(
    int requests,
    int perSeconds,
    int concurrency,
    long marginMs,
    String account,
    long maxPauseSeconds) {

  /** Goes into a Redis hash tag ({@code {crm:<account>}}), so no braces. */
  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  static CrmRateLimit read(ConfigReader config) {
    String account = config.string("crm.rate_limit.account");
    if (!account.isEmpty()) {
      account = config.matching("crm.rate_limit.account", ACCOUNT, "1 to 64 of A-Z a-z 0-9 _ . -");
    }
    return new CrmRateLimit(
        config.requiredInt("crm.rate_limit.requests", 0, 1_000_000),
        config.requiredInt("crm.rate_limit.per_seconds", 1, 86_400),
        config.requiredInt("crm.rate_limit.concurrency", 0, 100_000),
        config.durationMs("crm.rate_limit.margin_ms", 0, 10_000),
        account,
        config.requiredLong("crm.rate_limit.max_pause_seconds", 1, 7 * 86_400L));
  }

  /** True when requests are counted against a window. */
  public boolean limitsRate() {
    return requests > 0;
  }

  public long windowMs() {
    return perSeconds * 1000L + marginMs;
  }

  /** No limit of either kind, and nothing to wait for but the CRM's own signals. */
  public static CrmRateLimit none() {
    return new CrmRateLimit(0, 1, 0, 0, "", 86_400);
  }
}

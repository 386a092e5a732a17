package io.ao.shared.config;

/**
 * {@code crm.rate_limit}: what every worker together may send to one CRM account. {@code requests}
 * per {@code perSeconds} (0 requests: no rate limit) and at most {@code concurrency} calls at once
 * (0: no cap). The margin widens the window a little, because a request decided at t reaches the
 * CRM a few ms later and the CRM counts arrivals, not our decisions.
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

  static CrmRateLimit read(ConfigReader config) {
    return new CrmRateLimit(
        config.requiredInt("crm.rate_limit.requests", 0, 1_000_000),
        config.requiredInt("crm.rate_limit.per_seconds", 1, 86_400),
        config.requiredInt("crm.rate_limit.concurrency", 0, 100_000),
        config.durationMs("crm.rate_limit.margin_ms", 0, 10_000),
        config.string("crm.rate_limit.account"),
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

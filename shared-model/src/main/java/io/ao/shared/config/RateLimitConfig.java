package io.ao.shared.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API's request limits ({@code rate_limit} section): requests per window (per role where
 * overridden) and the budgets for failed logins. No account is exempt by name; a load test uses a
 * role whose limit is set high.
 *
 * @param perRole by role name ({@code operator}), the requests per window that role gets instead
 * @param loginFailuresPerPair failures of one username from one client IP before that pair backs
 *     off
 * @param loginFailuresPerUsername failures of one username from anywhere (draining over the login
 *     window) at which it is soft-locked: only IPs that have not been failing get a check at once
 * @param loginUsernamesPerIp distinct usernames failing from one IP before the IP backs off
 * @param loginBackoffBaseMs the first wait once a budget is used up; each further failure doubles
 *     it
 * @param loginBackoffMaxMs the longest wait
 * @param loginWindowMs how long failures are remembered
 * @param anonymousFailuresPerIpPerMinute unauthenticated 401 and 429 answers one client address may
 *     get per minute; beyond that its requests are refused before authentication (0 = no limit)
 */
public record RateLimitConfig(
    boolean enabled,
    long windowMs,
    long maxRequests,
    Map<String, Long> perRole,
    long loginFailuresPerPair,
    long loginFailuresPerUsername,
    long loginUsernamesPerIp,
    long loginBackoffBaseMs,
    long loginBackoffMaxMs,
    long loginWindowMs,
    long anonymousFailuresPerIpPerMinute) {

  /** The wire names of api-service's roles (api-service/src/main/java/io/ao/api/auth/Role.java). */
  public static final Set<String> ROLES = Set.of("agent", "operator", "admin");

  public RateLimitConfig {
    perRole = Map.copyOf(perRole);
  }

  static RateLimitConfig read(ConfigReader config) {
    long backoffBase = config.requiredLong("rate_limit.login_backoff_base_seconds", 1, 3_600);
    long backoffMax = config.requiredLong("rate_limit.login_backoff_max_seconds", 1, 86_400);
    config.check(
        backoffMax >= backoffBase,
        "rate_limit.login_backoff_max_seconds",
        "at least rate_limit.login_backoff_base_seconds");
    return new RateLimitConfig(
        config.bool("rate_limit.enabled"),
        config.requiredLong("rate_limit.window_seconds", 1, 86_400) * 1000,
        config.requiredLong("rate_limit.max_requests", 1, 100_000_000),
        perRole(config),
        config.requiredLong("rate_limit.login_failures_per_pair", 1, 1_000_000),
        config.requiredLong("rate_limit.login_failures_per_username", 1, 1_000_000),
        config.requiredLong("rate_limit.login_usernames_per_ip", 1, 1_000_000),
        backoffBase * 1000,
        backoffMax * 1000,
        config.requiredLong("rate_limit.login_window_seconds", 1, 86_400) * 1000,
        config.requiredLong("rate_limit.anonymous_failures_per_ip_per_minute", 0, 100_000_000));
  }

  private static Map<String, Long> perRole(ConfigReader config) {
    Map<String, Long> limits = new TreeMap<>();
    config
        .object("rate_limit.per_role")
        .forEach(
            entry -> {
              String key = "rate_limit.per_role." + entry.getKey();
              if (!ROLES.contains(entry.getKey())) {
                config.check(false, key, "a role (agent, operator, admin)");
              } else if (!(entry.getValue() instanceof Number number) || number.longValue() < 1) {
                config.check(false, key, "a positive integer");
              } else {
                limits.put(entry.getKey(), number.longValue());
              }
            });
    return limits;
  }

  /** The requests per window for a caller of {@code role} (a role name; null when anonymous). */
  public long limitFor(String role) {
    return role == null ? maxRequests : perRole.getOrDefault(role, maxRequests);
  }
}

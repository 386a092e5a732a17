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
 */
public record RateLimitConfig(
    boolean enabled,
    long windowMs,
    long maxRequests,
    Map<String, Long> perRole,
    long loginFailuresPerUsername,
    long loginFailuresPerIp,
    long loginWindowMs) {

  /** The wire names of api-service's roles (api-service/src/main/java/io/ao/api/auth/Role.java). */
  public static final Set<String> ROLES = Set.of("agent", "operator", "admin");

  public RateLimitConfig {
    perRole = Map.copyOf(perRole);
  }

  static RateLimitConfig read(ConfigReader config) {
    return new RateLimitConfig(
        config.bool("rate_limit.enabled"),
        config.requiredLong("rate_limit.window_seconds", 1, 86_400) * 1000,
        config.requiredLong("rate_limit.max_requests", 1, 100_000_000),
        perRole(config),
        config.requiredLong("rate_limit.login_failures_per_username", 1, 1_000_000),
        config.requiredLong("rate_limit.login_failures_per_ip", 1, 1_000_000),
        config.requiredLong("rate_limit.login_window_seconds", 1, 86_400) * 1000);
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

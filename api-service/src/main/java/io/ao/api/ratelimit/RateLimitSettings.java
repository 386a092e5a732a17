package io.ao.api.ratelimit;

import io.ao.api.auth.Role;
import io.ao.shared.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code rate_limit} section: requests per window (per role where overridden) and the
 * budgets for failed logins. No account is exempt by name; a load test uses a role whose
 * limit is set high.
 */
public record RateLimitSettings(boolean enabled, long windowMs, long maxRequests, Map<Role, Long> perRole,
                                long loginFailuresPerUsername, long loginFailuresPerIp, long loginWindowMs) {

  public static RateLimitSettings from(JsonObject config) {
    ConfigReader reader = new ConfigReader(config);
    boolean enabled = reader.bool("rate_limit.enabled");
    long window = reader.requiredLong("rate_limit.window_seconds", 1, 86_400) * 1000;
    long max = reader.requiredLong("rate_limit.max_requests", 1, 100_000_000);
    long perUser = reader.requiredLong("rate_limit.login_failures_per_username", 1, 1_000_000);
    long perIp = reader.requiredLong("rate_limit.login_failures_per_ip", 1, 1_000_000);
    long loginWindow = reader.requiredLong("rate_limit.login_window_seconds", 1, 86_400) * 1000;
    Map<Role, Long> perRole = new EnumMap<>(Role.class);
    JsonObject overrides = config.getJsonObject("rate_limit", new JsonObject()).getJsonObject("per_role", new JsonObject());
    overrides.forEach(entry -> {
      Role role = Role.fromWire(entry.getKey()).orElse(null);
      if (role == null) {
        reader.check(false, "rate_limit.per_role." + entry.getKey(), "a role (agent, operator, admin)");
      } else if (!(entry.getValue() instanceof Number number) || number.longValue() < 1) {
        reader.check(false, "rate_limit.per_role." + entry.getKey(), "a positive integer");
      } else {
        perRole.put(role, number.longValue());
      }
    });
    reader.throwIfInvalid();
    return new RateLimitSettings(enabled, window, max, Map.copyOf(perRole), perUser, perIp, loginWindow);
  }

  public long limitFor(Role role) {
    return role == null ? maxRequests : perRole.getOrDefault(role, maxRequests);
  }
}

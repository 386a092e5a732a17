package io.ao.shared.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The API's HTTP server ({@code http} section).
 *
 * @param instances HTTP verticle instances; 0 means one per core (see {@link #instancesOrCores()})
 * @param bodyLimitBytes larger request bodies are refused with 413
 * @param drainMs after SIGTERM, how long the API keeps serving (readiness 503, every answer with
 *     {@code Connection: close}) before it stops listening
 * @param shutdownGraceMs then, how long requests in flight get to finish
 * @param trustedProxies peers whose {@code X-Forwarded-For} is believed
 * @param corsOrigins browser origins allowed to call the API; empty means CORS is off
 * @param idleTimeoutSeconds a connection with nothing read or written for this long is closed
 * @param requestHeadTimeoutMs a connection must deliver a request's whole head this soon after it
 *     opens, and after each response on a kept-alive connection, or it is closed (a client sending
 *     one byte at a time is never idle)
 * @param maxConnectionsPerAddress open connections one peer address (the TCP peer, never
 *     X-Forwarded-For) may hold; more are closed at once
 * @param maxConnections open connections the process holds at most; more are closed at once
 */
public record HttpConfig(
    String host,
    int port,
    int instances,
    long bodyLimitBytes,
    long drainMs,
    long shutdownGraceMs,
    List<String> trustedProxies,
    List<String> corsOrigins,
    int idleTimeoutSeconds,
    long requestHeadTimeoutMs,
    int maxConnectionsPerAddress,
    int maxConnections) {

  private static final long ONE_GIB = 1L << 30;
  private static final long ONE_MINUTE_MS = 60_000;
  private static final int ONE_HOUR_SECONDS = 3_600;
  private static final int MILLION = 1_000_000;
  private static final Pattern NON_BLANK = Pattern.compile(".*\\S.*");

  public HttpConfig {
    trustedProxies = List.copyOf(trustedProxies);
    corsOrigins = List.copyOf(corsOrigins);
  }

  static HttpConfig read(ConfigReader config) {
    return new HttpConfig(
        config.nonBlankString("http.host"),
        config.requiredInt("http.port", 1, 65_535),
        config.requiredInt("http.instances", 0, 1024),
        config.requiredLong("http.body_limit_bytes", 1, ONE_GIB),
        config.durationMs("http.drain_ms", 0, ONE_MINUTE_MS),
        config.durationMs("http.shutdown_grace_ms", 0, ONE_MINUTE_MS),
        config.optionalStringList("http.trusted_proxies", NON_BLANK, "a proxy's IP address"),
        config.optionalStringList(
            "http.cors_origins", NON_BLANK, "an origin such as https://app.example.com"),
        config.requiredInt("http.idle_timeout_seconds", 1, ONE_HOUR_SECONDS),
        config.durationMs("http.request_head_timeout_ms", 100, ONE_MINUTE_MS),
        config.requiredInt("http.max_connections_per_address", 1, MILLION),
        config.requiredInt("http.max_connections", 1, MILLION));
  }

  /** The number of verticle instances to deploy: the configured count, or the core count for 0. */
  public int instancesOrCores() {
    return instances == 0 ? Runtime.getRuntime().availableProcessors() : instances;
  }
}

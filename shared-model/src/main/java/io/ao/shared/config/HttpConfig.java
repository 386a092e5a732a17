package io.ao.shared.config;

/**
 * The API's HTTP server ({@code http} section).
 *
 * @param instances      HTTP verticle instances; 0 means one per core (see {@link #instancesOrCores()})
 * @param bodyLimitBytes larger request bodies are refused with 413
 * @param drainMs        after SIGTERM, how long the API keeps serving (readiness 503, every
 *                       answer with {@code Connection: close}) before it stops listening
 * @param shutdownGraceMs then, how long requests in flight get to finish
 */
public record HttpConfig(String host, int port, int instances, long bodyLimitBytes, long drainMs,
                         long shutdownGraceMs) {

  private static final long ONE_GIB = 1L << 30;
  private static final long ONE_MINUTE_MS = 60_000;

  static HttpConfig read(ConfigReader config) {
    return new HttpConfig(
      config.nonBlankString("http.host"),
      config.requiredInt("http.port", 1, 65_535),
      config.requiredInt("http.instances", 0, 1024),
      config.requiredLong("http.body_limit_bytes", 1, ONE_GIB),
      config.durationMs("http.drain_ms", 0, ONE_MINUTE_MS),
      config.durationMs("http.shutdown_grace_ms", 0, ONE_MINUTE_MS));
  }

  /** The number of verticle instances to deploy: the configured count, or the core count for 0. */
  public int instancesOrCores() {
    return instances == 0 ? Runtime.getRuntime().availableProcessors() : instances;
  }
}

package io.ao.shared.config;

/**
 * The API's HTTP server ({@code http} section).
 *
 * @param instances      HTTP verticle instances; 0 means one per core (see {@link #instancesOrCores()})
 * @param bodyLimitBytes larger request bodies are refused with 413
 */
public record HttpConfig(String host, int port, int instances, long bodyLimitBytes) {

  private static final long ONE_GIB = 1L << 30;

  static HttpConfig read(ConfigReader config) {
    return new HttpConfig(
      config.nonBlankString("http.host"),
      config.requiredInt("http.port", 1, 65_535),
      config.requiredInt("http.instances", 0, 1024),
      config.requiredLong("http.body_limit_bytes", 1, ONE_GIB));
  }

  /** The number of verticle instances to deploy: the configured count, or the core count for 0. */
  public int instancesOrCores() {
    return instances == 0 ? Runtime.getRuntime().availableProcessors() : instances;
  }
}

package io.ao.shared.config;

/**
 * The service's identity ({@code service} section).
 *
 * @param version reported by the API's health and info endpoints
 */
public record ServiceConfig(String version) {

  static ServiceConfig read(ConfigReader config) {
    return new ServiceConfig(config.nonBlankString("service.version"));
  }
}

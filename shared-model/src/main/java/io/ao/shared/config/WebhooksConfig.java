package io.ao.shared.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Outbound webhooks ({@code webhooks} section): where deliveries may go and how long one may take.
 *
 * @param allowedHosts the hosts a subscription's URL may name, exactly or as {@code *.suffix};
 *     empty allows any host that resolves to public addresses only
 * @param allowPrivateAddresses lets deliveries reach loopback, private, link-local and other
 *     non-public addresses (off by default: the SSRF guard; tests and single-host setups turn it
 *     on)
 * @param timeoutMs how long one delivery attempt may take, connection included
 * @param deliveriesKept how many delivery attempts each subscription's log keeps (newest first)
 */
public record WebhooksConfig(
    List<String> allowedHosts, boolean allowPrivateAddresses, long timeoutMs, int deliveriesKept) {

  private static final Pattern HOST =
      Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  public WebhooksConfig {
    allowedHosts = List.copyOf(allowedHosts);
  }

  static WebhooksConfig read(ConfigReader config) {
    return new WebhooksConfig(
        config.optionalStringList(
            "webhooks.allowed_hosts", HOST, "a lower-case host name, or *.suffix"),
        config.bool("webhooks.allow_private_addresses"),
        config.durationMs("webhooks.timeout_ms", 100, 60_000),
        config.requiredInt("webhooks.deliveries_kept", 1, 10_000));
  }
}

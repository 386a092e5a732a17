package io.ao.shared.webhooks;

import io.ao.shared.config.WebhooksConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a webhook may be sent (the SSRF guard). A URL is http or https, has no credentials and
 * names a host on {@code webhooks.allowed_hosts} (when that list is not empty). An address is
 * acceptable when it is public: loopback, private, link-local (169.254.0.0/16, the cloud metadata
 * address), unique-local, carrier-grade NAT, multicast and reserved ranges are refused unless
 * {@code webhooks.allow_private_addresses} is on. The API checks a subscription's URL when it is
 * created; the worker checks the URL again and every address its host resolves to before each
 * delivery, and connects to the address it checked.
 */
public final class TargetPolicy {

  private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9.]+");

  private final List<String> allowedHosts;
  private final boolean allowPrivate;

  public TargetPolicy(List<String> allowedHosts, boolean allowPrivate) {
    this.allowedHosts = List.copyOf(allowedHosts);
    this.allowPrivate = allowPrivate;
  }

  public static TargetPolicy of(WebhooksConfig config) {
    return new TargetPolicy(config.allowedHosts(), config.allowPrivateAddresses());
  }

  /** A URL this policy accepts: its parts, ready to connect. */
  public record Target(boolean https, String host, int port, String pathAndQuery) {}

  /**
   * The target {@code url} names, or why it may not be used (a sentence for the caller's error). An
   * IP literal is checked here; a host name is checked once resolved ({@link #addressAllowed}).
   */
  public Checked check(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return Checked.refused("is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Checked.refused("must be an http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      return Checked.refused("must not carry credentials");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Checked.refused("must name a host");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!hostAllowed(host)) {
      return Checked.refused("names a host not on webhooks.allowed_hosts");
    }
    Optional<InetAddress> literal = literal(host);
    if (literal.isPresent() && !addressAllowed(literal.get())) {
      return Checked.refused("names a private, loopback or link-local address");
    }
    if (uri.getRawFragment() != null) {
      return Checked.refused("must not have a fragment");
    }
    boolean https = scheme.equals("https");
    int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new Checked(Optional.of(new Target(https, host, port, path + query)), null);
  }

  /** A URL's check: the target, or the reason it is refused. */
  public record Checked(Optional<Target> target, String refusal) {

    static Checked refused(String why) {
      return new Checked(Optional.empty(), why);
    }

    public boolean accepted() {
      return target.isPresent();
    }
  }

  /** Whether a delivery may connect to {@code address} (a resolved or literal one). */
  public boolean addressAllowed(InetAddress address) {
    return allowPrivate || isPublic(address);
  }

  private boolean hostAllowed(String host) {
    if (allowedHosts.isEmpty()) {
      return true;
    }
    for (String allowed : allowedHosts) {
      if (allowed.startsWith("*.")
          ? host.endsWith(allowed.substring(1)) && host.length() > allowed.length() - 1
          : host.equals(allowed)) {
        return true;
      }
    }
    return false;
  }

  /** The address an IP literal names (no DNS: only literals are parsed), else empty. */
  private static Optional<InetAddress> literal(String host) {
    if (!IPV4_LITERAL.matcher(host).matches() && !host.contains(":")) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(host));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** A globally routable unicast address; everything an attacker could point inward is not. */
  static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first != 0 // this network
          && !(first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          && !(first == 198 && (second == 18 || second == 19)) // benchmarking
          && first < 240; // reserved and broadcast
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      boolean uniqueLocal = (first & 0xfe) == 0xfc; // fc00::/7
      boolean mappedOrCompatible = isZero(b, 0, 10); // ::ffff:a.b.c.d, ::a.b.c.d
      boolean nat64 = first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff;
      boolean sixToFour = first == 0x20 && (b[1] & 0xff) == 0x02; // 2002::/16 wraps IPv4
      return !uniqueLocal && !mappedOrCompatible && !nat64 && !sixToFour;
    }
    return false;
  }

  private static boolean isZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}

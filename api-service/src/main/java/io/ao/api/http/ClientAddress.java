package io.ao.api.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * The client's IP: the peer address, unless the peer is a configured trusted proxy, in which case
 * the right-most X-Forwarded-For hop that is not itself a trusted proxy. X-Forwarded-For from
 * anyone else is ignored (it is trivially forged).
 */
public final class ClientAddress {

  private final Set<String> trustedProxies;

  public ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = Set.copyOf(trustedProxies);
  }

  public String of(RoutingContext ctx) {
    String peer =
        ctx.request().remoteAddress() == null
            ? "unknown"
            : ctx.request().remoteAddress().hostAddress();
    if (!trustedProxies.contains(peer)) {
      return peer;
    }
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop.length() > 64 ? peer : hop;
      }
    }
    return peer;
  }
}

package io.ao.api.metrics;

import io.ao.api.http.ProblemException;
import io.ao.shared.crypto.Sha256;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read /metrics: anyone, or, with {@code monitoring.metrics_token} set, only a request with
 * {@code Authorization: Bearer <token>}. The metric names and labels describe the deployment
 * (routes, queues, Redis state), so an operator exposing the API port can keep them private.
 */
public final class MetricsAccess {

  private static final String BEARER = "Bearer ";

  /** SHA-256 of the token, or null when /metrics is open. */
  private final byte[] tokenDigest;

  public MetricsAccess(String token) {
    this.tokenDigest = token.isEmpty() ? null : digest(token);
  }

  /** {@code next} for a request that may read the metrics; 401 for any other. */
  public Handler<RoutingContext> guarding(Handler<RoutingContext> next) {
    return ctx -> {
      if (tokenDigest == null || presentsToken(ctx.request().getHeader("Authorization"))) {
        next.handle(ctx);
        return;
      }
      ctx.fail(
          ProblemException.unauthorized(
              "/metrics needs the metrics token: Authorization: Bearer <monitoring.metrics_token>"));
    };
  }

  private boolean presentsToken(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    // Digests of equal length compared in constant time: neither the token's bytes nor its length
    // show in how long a wrong guess takes.
    return MessageDigest.isEqual(
        tokenDigest, digest(authorization.substring(BEARER.length()).strip()));
  }

  private static byte[] digest(String text) {
    return Sha256.newDigest().digest(text.getBytes(StandardCharsets.UTF_8));
  }
}

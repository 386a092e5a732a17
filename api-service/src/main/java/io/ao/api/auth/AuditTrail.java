package io.ao.api.auth;

import io.vertx.ext.web.RoutingContext;

/**
 * What the auth and admin routes report to the audit log (logins, key and user changes). The audit
 * package implements it; nothing here ever carries a password or key.
 */
public interface AuditTrail {

  void login(RoutingContext ctx, String username, boolean succeeded, String reason);

  void action(RoutingContext ctx, String action, String target);

  /**
   * The request is authenticated by a signature rather than a principal (signed intake): its entry
   * names {@code actor} and is kept as an authenticated one, not as anonymous noise.
   */
  void signed(RoutingContext ctx, String actor, String action, String target);

  /** For wiring before the audit log exists, and for tests that do not look at it. */
  AuditTrail NONE =
      new AuditTrail() {
        @Override
        public void login(RoutingContext ctx, String username, boolean succeeded, String reason) {}

        @Override
        public void action(RoutingContext ctx, String action, String target) {}

        @Override
        public void signed(RoutingContext ctx, String actor, String action, String target) {}
      };
}

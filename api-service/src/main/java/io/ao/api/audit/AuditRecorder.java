package io.ao.api.audit;

import io.ao.api.auth.AuditTrail;
import io.ao.api.auth.Principal;
import io.ao.api.http.ClientAddress;
import io.ao.api.http.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one audit entry per mutating request (POST, PUT, PATCH, DELETE under /api/) when its
 * response ends, to the stream its kind belongs on ({@link AuditKind}). Routes that know more (a
 * login's username, an admin action's name) say so through {@link AuditTrail}; the entry is still
 * written once, here.
 */
public final class AuditRecorder implements AuditTrail {

  private static final Logger LOG = LoggerFactory.getLogger(AuditRecorder.class);
  private static final Set<HttpMethod> MUTATING =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
  private static final String ACTION = "audit.action";
  private static final String TARGET = "audit.target";
  private static final String ACTOR = "audit.actor";
  private static final String SIGNED = "audit.signed";

  private final AuditLog log;
  private final ClientAddress clients;
  private final MeterRegistry meters;

  public AuditRecorder(AuditLog log, ClientAddress clients, MeterRegistry meters) {
    this.log = log;
    this.clients = clients;
    this.meters = meters;
  }

  /** Router handler for /api/*: arranges the entry to be written when the response ends. */
  public void handle(RoutingContext ctx) {
    if (MUTATING.contains(ctx.request().method())) {
      ctx.addEndHandler(done -> write(ctx));
    }
    ctx.next();
  }

  @Override
  public void login(RoutingContext ctx, String username, boolean succeeded, String reason) {
    ctx.put(ACTION, succeeded ? "auth.login" : "auth.login_failed");
    ctx.put(ACTOR, username);
    ctx.put(TARGET, reason.isEmpty() ? username : reason);
  }

  @Override
  public void action(RoutingContext ctx, String action, String target) {
    ctx.put(ACTION, action);
    ctx.put(TARGET, target);
  }

  @Override
  public void signed(RoutingContext ctx, String actor, String action, String target) {
    ctx.put(SIGNED, Boolean.TRUE);
    ctx.put(ACTOR, actor);
    action(ctx, action, target);
  }

  private void write(RoutingContext ctx) {
    int status = ctx.response().getStatusCode();
    Principal principal = Principal.of(ctx).orElse(null);
    boolean signed = Boolean.TRUE.equals(ctx.get(SIGNED));
    String actor =
        ctx.get(ACTOR) != null
            ? ctx.get(ACTOR)
            : principal == null ? "anonymous" : principal.username();
    String action =
        ctx.get(ACTION) != null
            ? ctx.get(ACTION)
            : ctx.request().method().name() + " " + ctx.request().path();
    String target = ctx.get(TARGET) != null ? ctx.get(TARGET) : ctx.request().path();
    String outcome =
        status < 400
            ? "success"
            : status == 401 || status == 403 || status == 429 ? "denied" : "failure";
    AuditEntry entry =
        new AuditEntry(
            System.currentTimeMillis(),
            actor,
            principal == null ? "" : principal.role().wireName(),
            principal != null ? principal.authMethod() : signed ? "signature" : "none",
            action,
            target,
            outcome,
            status,
            clients.of(ctx),
            RequestIds.of(ctx));
    AuditKind kind = AuditKind.of(entry, principal != null || signed);
    // a write Redis refuses (down, full, its client's queue overflowing) is counted, so the log's
    // gaps are never silent: README "Audit log"
    log.record(entry, kind)
        .onFailure(
            failure -> {
              Counter.builder("ao_audit_write_failures_total")
                  .description("Audit entries Redis did not take, by the stream they were for")
                  .tag("stream", kind.stream().wireName())
                  .register(meters)
                  .increment();
              LOG.warn(
                  "audit entry for request {} not written: {}",
                  entry.requestId(),
                  failure.getMessage());
            });
  }
}

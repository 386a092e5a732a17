package io.ao.api.intake;

import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.ApiDependencies;
import io.ao.api.auth.AuditTrail;
import io.ao.api.http.EntityTags;
import io.ao.api.http.ProblemException;
import io.ao.api.http.RawBodies;
import io.ao.api.http.RequestIds;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.api.leads.LeadService;
import io.ao.api.ratelimit.RateLimiter;
import io.ao.shared.webhooks.WebhookKeys;
import io.ao.shared.webhooks.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Signed intake: {@code POST /api/intake/{source}} from web forms and ad platforms, without a
 * bearer but signed by the Standard Webhooks scheme with the source's secret.
 *
 * <ol>
 *   <li>The source, the {@code webhook-timestamp} (within 5 minutes of now) and the {@code
 *       webhook-signature} are checked; any of them wrong is the same 401, which says nothing of
 *       which one.
 *   <li>The source's own budget is charged ({@code rate_limit.max_requests} per window, as a
 *       user's): one source cannot flood the leads however many addresses it posts from. The route
 *       is also limited per client IP before anything is checked.
 *   <li>The {@code webhook-id} is claimed in Redis (SET NX, expiring when its timestamp would be
 *       refused anyway): a second use is a 409, on whichever API instance it lands.
 *   <li>The body (JSON or form) is mapped to the lead's fields by the source's mapping, then
 *       created by {@link LeadService#createValid}: validation, dedupe, triggers, webhooks, audit
 *       as for any lead. A claim whose lead was not stored for a reason the sender cannot fix
 *       (Redis down) is given back, so the sender's retry gets through.
 * </ol>
 */
public final class IntakeRoutes {

  static final long TOLERANCE_SECONDS = 300;
  private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
  private static final long BODY_LIMIT_BYTES = 64 * 1024;

  private final IntakeSources sources;
  private final LeadService leads;
  private final AuditTrail audit;
  private final SourceLimit limit;
  private final LongSupplier clock;

  IntakeRoutes(
      IntakeSources sources,
      LeadService leads,
      AuditTrail audit,
      SourceLimit limit,
      LongSupplier clock) {
    this.sources = sources;
    this.leads = leads;
    this.audit = audit;
    this.limit = limit;
    this.clock = clock;
  }

  void receive(RoutingContext ctx) {
    String source = ctx.pathParam("source");
    String messageId = ctx.request().getHeader("webhook-id");
    String timestamp = ctx.request().getHeader("webhook-timestamp");
    String signature = ctx.request().getHeader("webhook-signature");
    Buffer body = RawBodies.of(ctx);
    long nowSeconds = clock.getAsLong() / 1000;
    if (!IntakeSourceRoutes.NAME.matcher(source).matches()
        || messageId == null
        || !MESSAGE_ID.matcher(messageId).matches()
        || timestamp == null
        || !TIMESTAMP.matcher(timestamp).matches()
        || signature == null
        || Math.abs(nowSeconds - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
      throw unauthorized();
    }
    long signedAt = Long.parseLong(timestamp);
    sources
        .get(source)
        .compose(
            found -> {
              if (found == null
                  || !WebhookSignature.of(found.secret())
                      .verifies(messageId, signedAt, body.getBytes(), signature)) {
                return Future.failedFuture(unauthorized());
              }
              audit.signed(ctx, "intake:" + source, "intake.lead_create", source);
              long ttl = signedAt + TOLERANCE_SECONDS - nowSeconds + 1;
              return limit
                  .acquire(ctx, source)
                  .compose(allowed -> sources.claim(source, messageId, ttl))
                  .compose(
                      claimed ->
                          claimed
                              ? store(ctx, source, messageId, found, body)
                              : Future.failedFuture(
                                  ProblemException.conflict(
                                      "This webhook-id was received before; a replay is refused")));
            })
        .onSuccess(
            created -> {
              audit.action(ctx, "intake.lead_create", created.id());
              ctx.response()
                  .putHeader("Location", "/api/leads/" + created.id())
                  .putHeader("ETag", EntityTags.of(created.version()));
              Responses.json(ctx, 201, created.body());
            })
        .onFailure(ctx::fail);
  }

  private Future<LeadService.Created> store(
      RoutingContext ctx,
      String source,
      String messageId,
      IntakeSources.Source found,
      Buffer body) {
    Future<LeadService.Created> created;
    try {
      JsonObject payload = IntakePayloads.decode(ctx.request().getHeader("Content-Type"), body);
      JsonObject lead = FieldMapping.fromJson(found.doc().getJsonObject("mapping")).apply(payload);
      created =
          leads.createValid(lead, null, "intake:" + source, body.getBytes(), RequestIds.of(ctx));
    } catch (ProblemException refused) {
      created = Future.failedFuture(refused);
    }
    return created.recover(
        failure ->
            failure instanceof ProblemException
                ? Future.failedFuture(failure)
                : sources
                    .release(source, messageId)
                    .transform(released -> Future.failedFuture(failure)));
  }

  private static ProblemException unauthorized() {
    return ProblemException.unauthorized("The request is not signed by a known intake source");
  }

  public static void mount(RouteTable routes, ApiDependencies deps, LeadService leads) {
    IntakeSources sources =
        new IntakeSources(
            deps.redis(), new WebhookKeys(deps.queues().defaultQueue().home().keys()));
    // the collection first: POST /api/intake/sources is the admin's, not a source's
    new IntakeSourceRoutes(sources).mount(routes);
    IntakeRoutes intake =
        new IntakeRoutes(
            sources,
            leads,
            deps.audit(),
            new SourceLimit(
                new RateLimiter(deps.redis(), deps.config().redis().keyPrefix()),
                deps.config().rateLimit()),
            System::currentTimeMillis);
    routes.publicSignedRoute(POST, "/api/intake/:source", BODY_LIMIT_BYTES, intake::receive);
  }
}

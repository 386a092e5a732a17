package io.ao.api.leads;

import static io.ao.api.auth.Role.AGENT;
import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.ao.api.auth.Principal;
import io.ao.api.http.EntityTags;
import io.ao.api.http.IfMatch;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.MergePatch;
import io.ao.api.http.ProblemException;
import io.ao.api.http.RequestIds;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.shared.leads.LeadValidator;
import io.ao.shared.queue.TaskIds;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.UnaryOperator;

/**
 * The HTTP edge of leads: create (deduplicated by normalized email, idempotent with
 * Idempotency-Key), read (ETag), list (filters, cursor), replace (PUT, If-Match), merge-patch
 * (PATCH), delete (erases personal data). It reads the request, calls {@link LeadService} and
 * writes the answer.
 */
public final class LeadRoutes {

  private final LeadService leads;

  public LeadRoutes(LeadService leads) {
    this.leads = leads;
  }

  public void create(RoutingContext ctx) {
    JsonObject body = JsonBodies.objectOf(ctx);
    String idempotencyKey = ctx.request().getHeader("Idempotency-Key");
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
      throw ProblemException.invalid("Idempotency-Key", "expected 1-200 characters");
    }
    String principal = Principal.of(ctx).map(Principal::username).orElse("anonymous");
    leads
        .createValid(
            body, idempotencyKey, principal, ctx.body().buffer().getBytes(), RequestIds.of(ctx))
        .onSuccess(
            created -> {
              if (created.replayed()) {
                ctx.response().putHeader("Idempotent-Replayed", "true");
              }
              ctx.response()
                  .putHeader("Location", "/api/leads/" + created.id())
                  .putHeader("ETag", EntityTags.of(created.version()));
              Responses.json(ctx, 201, created.body());
            })
        .onFailure(ctx::fail);
  }

  public void get(RoutingContext ctx) {
    leads
        .get(leadId(ctx))
        .onSuccess(
            lead -> {
              ctx.response().putHeader("ETag", EntityTags.of(lead.version()));
              Responses.json(ctx, 200, lead.representationText());
            })
        .onFailure(ctx::fail);
  }

  public void list(RoutingContext ctx) {
    leads
        .list(LeadQuery.from(ctx.queryParams()))
        .onSuccess(page -> Responses.json(ctx, 200, page))
        .onFailure(ctx::fail);
  }

  public void replace(RoutingContext ctx) {
    JsonObject body = LeadDocuments.withoutNulls(JsonBodies.objectOf(ctx));
    LeadProblems.requireValid(LeadValidator.validateFull(body));
    change(ctx, current -> body);
  }

  public void patch(RoutingContext ctx) {
    JsonObject patch = JsonBodies.objectOf(ctx);
    LeadProblems.requireValid(LeadValidator.validatePatch(patch));
    change(ctx, current -> MergePatch.apply(LeadDocuments.clientFields(current), patch));
  }

  private void change(RoutingContext ctx, UnaryOperator<JsonObject> edit) {
    String id = leadId(ctx);
    IfMatch ifMatch = IfMatch.of(ctx);
    leads
        .change(id, ifMatch, edit, RequestIds.of(ctx))
        .onSuccess(
            updated -> {
              ctx.response().putHeader("ETag", EntityTags.of(updated.getLong("version")));
              Responses.json(ctx, 200, updated);
            })
        .onFailure(ctx::fail);
  }

  public void delete(RoutingContext ctx) {
    String id = leadId(ctx);
    IfMatch ifMatch = IfMatch.of(ctx);
    leads
        .delete(id, ifMatch, RequestIds.of(ctx))
        .onSuccess(deleted -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private static String leadId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TaskIds.isValid(id)) {
      throw ProblemException.badRequest("lead id must be 1-128 characters of [A-Za-z0-9._-]");
    }
    return id;
  }

  /** Mounts these routes, each with the least role that may call it. */
  public static void mount(RouteTable routes, LeadService service) {
    LeadRoutes leads = new LeadRoutes(service);
    routes
        .protectedRoute(POST, "/api/leads", AGENT, leads::create)
        .protectedRoute(GET, "/api/leads", AGENT, leads::list)
        .protectedRoute(GET, "/api/leads/:id", AGENT, leads::get)
        .protectedRoute(PUT, "/api/leads/:id", AGENT, leads::replace)
        .protectedRoute(PATCH, "/api/leads/:id", AGENT, leads::patch)
        .protectedRoute(DELETE, "/api/leads/:id", OPERATOR, leads::delete);
  }
}

package io.ao.api.campaigns;

import static io.ao.api.auth.Role.AGENT;
import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.ao.api.ApiDependencies;
import io.ao.api.auth.AuditTrail;
import io.ao.api.http.CursorPages;
import io.ao.api.http.EntityTags;
import io.ao.api.http.FieldError;
import io.ao.api.http.IfMatch;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.MergePatch;
import io.ao.api.http.PageLimits;
import io.ao.api.http.ProblemException;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.shared.queue.TaskIds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Campaigns: create, list, read (ETag), replace (PUT) and merge-patch (PATCH) with an optional
 * If-Match, delete; counters added atomically and read with derived rates.
 *
 * <p>A delete takes the campaign's counters with it. Leads that name the campaign keep their {@code
 * campaign_id}: on a lead it is a label that was never checked against the campaigns (a lead may
 * name a campaign before it is created), so it may name one that is gone, and filtering leads by it
 * still finds them. Refusing the delete while leads name the campaign would need an index of leads
 * by campaign, on another slot than the campaign, so the check could not be atomic with the delete
 * anyway.
 */
public final class CampaignRoutes {

  private static final long MAX_INCREMENT = 1_000_000_000L;

  /** How often a change without If-Match is read again and re-applied after a concurrent one. */
  private static final int CHANGE_RETRIES = 3;

  private final CampaignStore store;
  private final AuditTrail audit;

  public CampaignRoutes(CampaignStore store, AuditTrail audit) {
    this.store = store;
    this.audit = audit;
  }

  public void create(RoutingContext ctx) {
    JsonObject fields = CampaignFields.complete(JsonBodies.objectOf(ctx));
    long now = System.currentTimeMillis();
    JsonObject doc = document(UUID.randomUUID().toString(), fields, now, now, 1);
    String id = doc.getString("id");
    store
        .create(doc)
        .onSuccess(
            done -> {
              audit.action(ctx, "campaign.create", id);
              ctx.response()
                  .putHeader("Location", "/api/campaigns/" + id)
                  .putHeader("ETag", EntityTags.of(1));
              Responses.json(ctx, 201, doc);
            })
        .onFailure(ctx::fail);
  }

  public void list(RoutingContext ctx) {
    Integer limit = PageLimits.parse(ctx.queryParams().get("limit"));
    if (limit == null) {
      throw ProblemException.invalid(List.of(PageLimits.error()));
    }
    String cursor = ctx.queryParams().get("cursor");
    if (cursor != null && !TaskIds.isValid(cursor)) {
      throw ProblemException.invalid("cursor", "not a cursor returned by this endpoint");
    }
    Future<Long> start =
        cursor == null
            ? Future.succeededFuture(0L)
            : CursorPages.rankAfter(store.rankOf(cursor), "campaign");
    start
        .compose(rank -> store.newestFrom(rank, limit + 1))
        .onSuccess(
            found -> {
              // paged by listed ids, not by the documents found: a listed id whose campaign is
              // gone (a delete that stopped half way) must not end the list early
              List<CampaignStore.Listed> page =
                  found.size() > limit ? found.subList(0, limit) : found;
              String next = found.size() > limit ? page.get(page.size() - 1).id() : null;
              JsonArray items = new JsonArray();
              page.stream()
                  .map(CampaignStore.Listed::doc)
                  .filter(Objects::nonNull)
                  .forEach(items::add);
              Responses.json(
                  ctx, 200, new JsonObject().put("items", items).put("next_cursor", next));
            })
        .onFailure(ctx::fail);
  }

  public void get(RoutingContext ctx) {
    String id = campaignId(ctx);
    store
        .get(id)
        .onSuccess(
            doc -> {
              if (doc == null) {
                ctx.fail(notFound(id));
              } else {
                ctx.response().putHeader("ETag", EntityTags.of(doc.getLong("version")));
                Responses.json(ctx, 200, doc);
              }
            })
        .onFailure(ctx::fail);
  }

  /** PUT: the client fields replaced whole, with the rules of create. */
  public void replace(RoutingContext ctx) {
    JsonObject fields = CampaignFields.complete(JsonBodies.objectOf(ctx));
    change(ctx, current -> fields);
  }

  /** PATCH: a JSON Merge Patch over the client fields, the result held to the rules of create. */
  public void patch(RoutingContext ctx) {
    JsonObject patch = JsonBodies.objectOf(ctx);
    CampaignFields.checkPatch(patch);
    change(
        ctx,
        current ->
            CampaignFields.complete(
                MergePatch.apply(CampaignFields.clientFieldsOf(current), patch)));
  }

  private void change(RoutingContext ctx, UnaryOperator<JsonObject> edit) {
    String id = campaignId(ctx);
    changed(id, IfMatch.of(ctx), edit, CHANGE_RETRIES)
        .onSuccess(
            doc -> {
              audit.action(ctx, "campaign.update", id);
              ctx.response().putHeader("ETag", EntityTags.of(doc.getLong("version")));
              Responses.json(ctx, 200, doc);
            })
        .onFailure(ctx::fail);
  }

  /**
   * Applies {@code edit} (current document → new client fields) and stores the result at the next
   * version; completes with the stored document. A concurrent change is read again and re-applied,
   * unless the client named the version it expects.
   */
  private Future<JsonObject> changed(
      String id, IfMatch ifMatch, UnaryOperator<JsonObject> edit, int retries) {
    return current(id, ifMatch)
        .compose(
            current -> {
              long version = current.getLong("version");
              JsonObject doc =
                  document(
                      id,
                      edit.apply(current),
                      current.getLong("created_at"),
                      System.currentTimeMillis(),
                      version + 1);
              return store
                  .replace(id, version, doc)
                  .compose(
                      outcome ->
                          switch (outcome.result()) {
                            case APPLIED -> Future.succeededFuture(doc);
                            case MISSING -> Future.failedFuture(notFound(id));
                            case VERSION ->
                                ifMatch != null || retries == 0
                                    ? Future.failedFuture(
                                        EntityTags.preconditionFailed(
                                            "campaign", outcome.currentVersion()))
                                    : changed(id, null, edit, retries - 1);
                          });
            });
  }

  /** DELETE: the campaign and its counters; see the class comment for its leads. */
  public void delete(RoutingContext ctx) {
    String id = campaignId(ctx);
    IfMatch ifMatch = IfMatch.of(ctx);
    Future<Long> expected =
        ifMatch == null
            ? Future.succeededFuture(null)
            : current(id, ifMatch).map(current -> current.getLong("version"));
    expected
        .compose(version -> store.delete(id, version))
        .onSuccess(
            outcome -> {
              switch (outcome.result()) {
                case APPLIED -> {
                  audit.action(ctx, "campaign.delete", id);
                  Responses.noContent(ctx);
                }
                case MISSING -> ctx.fail(notFound(id));
                case VERSION ->
                    ctx.fail(EntityTags.preconditionFailed("campaign", outcome.currentVersion()));
              }
            })
        .onFailure(ctx::fail);
  }

  /** The stored campaign, when it is still at the version the client named (if it named one). */
  private Future<JsonObject> current(String id, IfMatch ifMatch) {
    return store
        .get(id)
        .map(
            current -> {
              if (current == null) {
                throw notFound(id);
              }
              long version = current.getLong("version");
              if (ifMatch != null && !ifMatch.matches(version)) {
                throw ifMatch.refusal("campaign", version);
              }
              return current;
            });
  }

  private static JsonObject document(
      String id, JsonObject fields, long createdAt, long updatedAt, long version) {
    return new JsonObject()
        .put("id", id)
        .mergeIn(fields)
        .put("created_at", createdAt)
        .put("updated_at", updatedAt)
        .put("version", version);
  }

  private static ProblemException notFound(String id) {
    return ProblemException.notFound("No campaign with id " + id);
  }

  public void addMetrics(RoutingContext ctx) {
    String id = campaignId(ctx);
    JsonObject body = JsonBodies.objectOf(ctx);
    Map<String, Long> increments = new LinkedHashMap<>();
    List<FieldError> errors = new ArrayList<>();
    body.fieldNames().stream()
        .filter(name -> !CampaignStore.COUNTERS.contains(name))
        .sorted()
        .forEach(
            name ->
                errors.add(
                    new FieldError(name, "unknown counter; allowed: " + CampaignStore.COUNTERS)));
    for (String counter : CampaignStore.COUNTERS) {
      Object value = body.getValue(counter);
      if (value == null) {
        continue;
      }
      if (!(value instanceof Integer || value instanceof Long)
          || ((Number) value).longValue() < 0
          || ((Number) value).longValue() > MAX_INCREMENT) {
        errors.add(new FieldError(counter, "expected an integer between 0 and " + MAX_INCREMENT));
      } else {
        increments.put(counter, ((Number) value).longValue());
      }
    }
    if (increments.isEmpty() && errors.isEmpty()) {
      errors.add(new FieldError("body", "name at least one counter of " + CampaignStore.COUNTERS));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    store
        .addMetrics(id, increments)
        .onSuccess(
            totals -> {
              if (totals == null) {
                ctx.fail(notFound(id));
              } else {
                Responses.json(
                    ctx, 200, new JsonObject().put("campaign_id", id).put("totals", totals));
              }
            })
        .onFailure(ctx::fail);
  }

  public void metrics(RoutingContext ctx) {
    String id = campaignId(ctx);
    store
        .get(id)
        .compose(
            doc -> {
              if (doc == null) {
                throw notFound(id);
              }
              return store.metricsOf(id);
            })
        .onSuccess(
            totals ->
                Responses.json(
                    ctx,
                    200,
                    new JsonObject()
                        .put("campaign_id", id)
                        .put("totals", totals)
                        .put("rates", rates(totals))))
        .onFailure(ctx::fail);
  }

  /** Rates over delivered messages; null while nothing was delivered. */
  static JsonObject rates(JsonObject totals) {
    long delivered = totals.getLong("delivered");
    long sent = totals.getLong("sent");
    return new JsonObject()
        .put("delivery_rate", ratio(delivered, sent))
        .put("open_rate", ratio(totals.getLong("opened"), delivered))
        .put("click_rate", ratio(totals.getLong("clicked"), delivered))
        .put("conversion_rate", ratio(totals.getLong("converted"), delivered))
        .put("bounce_rate", ratio(totals.getLong("bounced"), sent));
  }

  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
  }

  private static String campaignId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TaskIds.isValid(id)) {
      throw ProblemException.badRequest("campaign id must be 1-128 characters of [A-Za-z0-9._-]");
    }
    return id;
  }

  /** Mounts these routes, each public or with the least role that may call it. */
  public static void mount(RouteTable routes, ApiDependencies deps) {
    CampaignRoutes campaigns =
        new CampaignRoutes(
            new CampaignStore(deps.redis(), deps.config().redis().keyPrefix()), deps.audit());
    routes
        .protectedRoute(POST, "/api/campaigns", OPERATOR, campaigns::create)
        .protectedRoute(GET, "/api/campaigns", AGENT, campaigns::list)
        .protectedRoute(GET, "/api/campaigns/:id", AGENT, campaigns::get)
        .protectedRoute(PUT, "/api/campaigns/:id", OPERATOR, campaigns::replace)
        .protectedRoute(PATCH, "/api/campaigns/:id", OPERATOR, campaigns::patch)
        .protectedRoute(DELETE, "/api/campaigns/:id", OPERATOR, campaigns::delete)
        .protectedRoute(POST, "/api/campaigns/:id/metrics", AGENT, campaigns::addMetrics)
        .protectedRoute(GET, "/api/campaigns/:id/metrics", AGENT, campaigns::metrics);
  }
}

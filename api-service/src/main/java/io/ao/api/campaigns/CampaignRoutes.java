package io.ao.api.campaigns;

import static io.ao.api.auth.Role.AGENT;
import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.ApiDependencies;
import io.ao.api.http.CursorPages;
import io.ao.api.http.FieldError;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.JsonFields;
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
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Campaigns: create, list, read; counters added atomically and read with derived rates. */
public final class CampaignRoutes {

  private static final Set<String> FIELDS = Set.of("name", "channel", "status", "description");
  private static final Pattern CHANNEL = Pattern.compile("email|sms|social|web|event|other");
  private static final Pattern STATUS = Pattern.compile("draft|active|paused|completed");
  private static final long MAX_INCREMENT = 1_000_000_000L;

  private final CampaignStore store;

  public CampaignRoutes(CampaignStore store) {
    this.store = store;
  }

  public void create(RoutingContext ctx) {
    JsonFields fields = new JsonFields(JsonBodies.objectOf(ctx), FIELDS);
    String name = fields.string("name", true, 1, 200);
    String channel =
        fields.matching("channel", true, CHANNEL, "one of email, sms, social, web, event, other");
    String status =
        fields.matching("status", false, STATUS, "one of draft, active, paused, completed");
    String description = fields.string("description", false, 0, 2_000);
    fields.validate();
    long now = System.currentTimeMillis();
    JsonObject doc =
        new JsonObject()
            .put("id", UUID.randomUUID().toString())
            .put("name", name)
            .put("channel", channel)
            .put("status", status == null ? "draft" : status)
            .put("description", description)
            .put("created_at", now)
            .put("updated_at", now);
    store
        .create(doc)
        .onSuccess(
            done -> {
              ctx.response().putHeader("Location", "/api/campaigns/" + doc.getString("id"));
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
              List<JsonObject> items = found.size() > limit ? found.subList(0, limit) : found;
              String next =
                  found.size() > limit ? items.get(items.size() - 1).getString("id") : null;
              Responses.json(
                  ctx,
                  200,
                  new JsonObject()
                      .put("items", new JsonArray(new ArrayList<>(items)))
                      .put("next_cursor", next));
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
                ctx.fail(ProblemException.notFound("No campaign with id " + id));
              } else {
                Responses.json(ctx, 200, doc);
              }
            })
        .onFailure(ctx::fail);
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
                ctx.fail(ProblemException.notFound("No campaign with id " + id));
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
                throw ProblemException.notFound("No campaign with id " + id);
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
        new CampaignRoutes(new CampaignStore(deps.redis(), deps.config().redis().keyPrefix()));
    routes
        .protectedRoute(POST, "/api/campaigns", OPERATOR, campaigns::create)
        .protectedRoute(GET, "/api/campaigns", AGENT, campaigns::list)
        .protectedRoute(GET, "/api/campaigns/:id", AGENT, campaigns::get)
        .protectedRoute(POST, "/api/campaigns/:id/metrics", AGENT, campaigns::addMetrics)
        .protectedRoute(GET, "/api/campaigns/:id/metrics", AGENT, campaigns::metrics);
  }
}

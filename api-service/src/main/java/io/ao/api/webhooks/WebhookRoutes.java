package io.ao.api.webhooks;

import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.ApiDependencies;
import io.ao.api.auth.Principal;
import io.ao.api.http.CursorPages;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.JsonFields;
import io.ao.api.http.PageLimits;
import io.ao.api.http.ProblemException;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.shared.webhooks.DeliveryLog;
import io.ao.shared.webhooks.TargetPolicy;
import io.ao.shared.webhooks.WebhookEvents;
import io.ao.shared.webhooks.WebhookKeys;
import io.ao.shared.webhooks.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Webhook subscriptions (operator+): create one for some of the events (its signing secret is shown
 * in that answer only), list, read, delete, and read its delivery log. A URL the SSRF guard refuses
 * is a 422 on {@code url}; the worker checks it again, resolved, before each delivery.
 */
public final class WebhookRoutes {

  private static final Pattern ID = Pattern.compile("wh_[A-Za-z0-9]{1,40}");
  private static final Set<String> FIELDS = Set.of("url", "events", "description");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_URL = 2_000;

  private final SubscriptionStore store;
  private final DeliveryLog deliveries;
  private final TargetPolicy policy;
  private final int maxAttempts;

  private WebhookRoutes(
      SubscriptionStore store, DeliveryLog deliveries, TargetPolicy policy, int maxAttempts) {
    this.store = store;
    this.deliveries = deliveries;
    this.policy = policy;
    this.maxAttempts = maxAttempts;
  }

  void create(RoutingContext ctx) {
    JsonObject body = JsonBodies.objectOf(ctx);
    JsonFields fields = new JsonFields(body, FIELDS);
    String url = fields.string("url", true, 1, MAX_URL);
    if (url != null) {
      TargetPolicy.Checked checked = policy.check(url);
      if (!checked.accepted()) {
        fields.fail("url", checked.refusal());
      }
    }
    String description = fields.string("description", false, 0, 500);
    JsonArray events = events(body.getValue("events"), fields);
    fields.validate();
    String id = "wh_" + HexFormat.of().formatHex(randomBytes(12));
    String secret = WebhookSignature.newSecret();
    JsonObject subscription =
        new JsonObject()
            .put("id", id)
            .put("url", url)
            .put("events", events)
            .put("description", description)
            .put("created_at", System.currentTimeMillis())
            .put("created_by", Principal.of(ctx).map(Principal::username).orElse(""));
    store
        .create(subscription, secret, maxAttempts)
        .onSuccess(
            created -> {
              if (!created) {
                ctx.fail(ProblemException.conflict("A subscription with this id exists; retry"));
                return;
              }
              ctx.response().putHeader("Location", "/api/webhooks/" + id);
              Responses.json(ctx, 201, subscription.copy().put("secret", secret));
            })
        .onFailure(ctx::fail);
  }

  private static JsonArray events(Object value, JsonFields fields) {
    if (value == null) {
      fields.fail("events", "is required");
      return new JsonArray();
    }
    if (!(value instanceof JsonArray list) || list.isEmpty()) {
      fields.fail("events", "expected a non-empty list of " + WebhookEvents.SUBSCRIBABLE);
      return new JsonArray();
    }
    Set<String> events = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Object event = list.getValue(i);
      if (event instanceof String name && WebhookEvents.SUBSCRIBABLE.contains(name)) {
        events.add(name);
      } else {
        fields.fail("events[" + i + "]", "expected one of " + WebhookEvents.SUBSCRIBABLE);
      }
    }
    return new JsonArray(List.copyOf(events));
  }

  void list(RoutingContext ctx) {
    Integer limit = PageLimits.parse(ctx.queryParams().get("limit"));
    if (limit == null) {
      throw ProblemException.invalid(List.of(PageLimits.error()));
    }
    String cursor = ctx.queryParams().get("cursor");
    if (cursor != null && !ID.matcher(cursor).matches()) {
      throw ProblemException.invalid("cursor", "not a cursor returned by this endpoint");
    }
    Future<Long> start =
        cursor == null
            ? Future.succeededFuture(0L)
            : CursorPages.rankAfter(store.rankOf(cursor), "subscription");
    start
        .compose(rank -> store.newestFrom(rank, limit + 1))
        .onSuccess(
            found -> {
              List<JsonObject> page = found.size() > limit ? found.subList(0, limit) : found;
              String next = found.size() > limit ? page.get(page.size() - 1).getString("id") : null;
              Responses.json(
                  ctx,
                  200,
                  new JsonObject().put("items", new JsonArray(page)).put("next_cursor", next));
            })
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    String id = id(ctx);
    store
        .get(id)
        .onSuccess(
            subscription -> {
              if (subscription == null) {
                ctx.fail(notFound(id));
              } else {
                Responses.json(ctx, 200, subscription);
              }
            })
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    String id = id(ctx);
    store
        .delete(id)
        .onSuccess(
            deleted -> {
              if (deleted) {
                Responses.noContent(ctx);
              } else {
                ctx.fail(notFound(id));
              }
            })
        .onFailure(ctx::fail);
  }

  /** The newest attempts first; the log keeps {@code webhooks.deliveries_kept} of them. */
  void deliveries(RoutingContext ctx) {
    String id = id(ctx);
    Integer limit = PageLimits.parse(ctx.queryParams().get("limit"));
    if (limit == null) {
      throw ProblemException.invalid(List.of(PageLimits.error()));
    }
    store
        .get(id)
        .compose(
            subscription -> {
              if (subscription == null) {
                return Future.failedFuture(notFound(id));
              }
              return deliveries.newest(id, limit);
            })
        .onSuccess(items -> Responses.json(ctx, 200, new JsonObject().put("items", items)))
        .onFailure(ctx::fail);
  }

  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      throw notFound(id);
    }
    return id;
  }

  private static ProblemException notFound(String id) {
    return ProblemException.notFound("No webhook subscription " + id);
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  public static void mount(RouteTable routes, ApiDependencies deps) {
    WebhookKeys keys = new WebhookKeys(deps.queues().defaultQueue().home().keys());
    WebhookRoutes webhooks =
        new WebhookRoutes(
            new SubscriptionStore(deps.redis(), keys),
            new DeliveryLog(deps.redis(), keys, deps.config().webhooks().deliveriesKept()),
            TargetPolicy.of(deps.config().webhooks()),
            deps.config().queue().maxAttempts());
    routes
        .protectedRoute(POST, "/api/webhooks", OPERATOR, webhooks::create)
        .protectedRoute(GET, "/api/webhooks", OPERATOR, webhooks::list)
        .protectedRoute(GET, "/api/webhooks/:id", OPERATOR, webhooks::get)
        .protectedRoute(DELETE, "/api/webhooks/:id", OPERATOR, webhooks::delete)
        .protectedRoute(GET, "/api/webhooks/:id/deliveries", OPERATOR, webhooks::deliveries);
  }
}

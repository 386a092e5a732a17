package io.ao.api.intake;

import static io.ao.api.auth.Role.ADMIN;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.auth.Principal;
import io.ao.api.http.CursorPages;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.JsonFields;
import io.ao.api.http.PageLimits;
import io.ao.api.http.ProblemException;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.shared.webhooks.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Intake sources (admin): create one with its field mapping (its signing secret is shown in that
 * answer only), list them, delete one.
 */
final class IntakeSourceRoutes {

  /** {@code sources} is the collection's own path segment, so no source may be called that. */
  static final Pattern NAME = Pattern.compile("(?!sources$)[a-z0-9][a-z0-9_-]{0,63}");

  private static final Set<String> FIELDS = Set.of("name", "mapping", "description");

  private final IntakeSources sources;

  IntakeSourceRoutes(IntakeSources sources) {
    this.sources = sources;
  }

  void create(RoutingContext ctx) {
    JsonObject body = JsonBodies.objectOf(ctx);
    JsonFields fields = new JsonFields(body, FIELDS);
    String name =
        fields.matching("name", true, NAME, "a-z, 0-9, _ and -, at most 64, not 'sources'");
    String description = fields.string("description", false, 0, 500);
    FieldMapping mapping = FieldMapping.read(body.getValue("mapping"), fields);
    fields.validate();
    String secret = WebhookSignature.newSecret();
    JsonObject doc =
        new JsonObject()
            .put("name", name)
            .put("mapping", mapping.toJson())
            .put("description", description)
            .put("url", "/api/intake/" + name)
            .put("created_at", System.currentTimeMillis())
            .put("created_by", Principal.of(ctx).map(Principal::username).orElse(""));
    sources
        .create(doc, secret)
        .onSuccess(
            created -> {
              if (!created) {
                ctx.fail(ProblemException.conflict("An intake source named " + name + " exists"));
                return;
              }
              ctx.response().putHeader("Location", "/api/intake/" + name);
              Responses.json(ctx, 201, doc.copy().put("secret", secret));
            })
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    Integer limit = PageLimits.parse(ctx.queryParams().get("limit"));
    if (limit == null) {
      throw ProblemException.invalid(List.of(PageLimits.error()));
    }
    String cursor = ctx.queryParams().get("cursor");
    if (cursor != null && !NAME.matcher(cursor).matches()) {
      throw ProblemException.invalid("cursor", "not a cursor returned by this endpoint");
    }
    Future<Long> start =
        cursor == null
            ? Future.succeededFuture(0L)
            : CursorPages.rankAfter(sources.rankOf(cursor), "source");
    start
        .compose(rank -> sources.newestFrom(rank, limit + 1))
        .onSuccess(
            found -> {
              List<JsonObject> page = found.size() > limit ? found.subList(0, limit) : found;
              String next =
                  found.size() > limit ? page.get(page.size() - 1).getString("name") : null;
              Responses.json(
                  ctx,
                  200,
                  new JsonObject().put("items", new JsonArray(page)).put("next_cursor", next));
            })
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!NAME.matcher(name).matches()) {
      throw notFound(name);
    }
    sources
        .delete(name)
        .onSuccess(
            deleted -> {
              if (deleted) {
                Responses.noContent(ctx);
              } else {
                ctx.fail(notFound(name));
              }
            })
        .onFailure(ctx::fail);
  }

  private static ProblemException notFound(String name) {
    return ProblemException.notFound("No intake source " + name);
  }

  void mount(RouteTable routes) {
    routes
        .protectedRoute(POST, "/api/intake/sources", ADMIN, this::create)
        .protectedRoute(GET, "/api/intake/sources", ADMIN, this::list)
        .protectedRoute(DELETE, "/api/intake/sources/:name", ADMIN, this::delete);
  }
}

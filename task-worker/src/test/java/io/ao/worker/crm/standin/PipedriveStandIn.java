package io.ao.worker.crm.standin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pipedrive API v1 persons as its public docs show them: {@code api_token} in the query string;
 * {@code POST /v1/persons} ({@code name} required; {@code email}/{@code phone} as lists of {@code
 * {value, primary}}), {@code PUT/DELETE /v1/persons/{id}}, {@code GET /v1/persons/search?term=
 * &fields=email&exact_match=true}; answers {@code {success, data}}, errors {@code {success: false,
 * error, error_info}}; every answer carries {@code x-ratelimit-limit/remaining/reset}.
 */
public final class PipedriveStandIn extends StandInServer {

  private static final String INFO =
      "Please check developers.pipedrive.com for more information about Pipedrive API.";

  private final String apiToken;
  private final Map<Long, JsonObject> persons = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(101);

  public PipedriveStandIn(String apiToken) {
    this.apiToken = apiToken;
  }

  public Map<Long, JsonObject> persons() {
    return persons;
  }

  public long hold(JsonObject person) {
    long id = ids.getAndIncrement();
    persons.put(id, person.copy().put("id", id));
    return id;
  }

  @Override
  protected void clear() {
    persons.clear();
  }

  @Override
  protected void routes(Router router) {
    router.route("/v1/*").handler(this::authorized);
    router.get("/v1/persons/search").handler(this::search);
    router.post("/v1/persons").handler(this::create);
    router.put("/v1/persons/:id").handler(this::update);
    router.delete("/v1/persons/:id").handler(this::delete);
  }

  private void authorized(RoutingContext ctx) {
    ctx.response()
        .putHeader("x-ratelimit-limit", "80")
        .putHeader("x-ratelimit-remaining", "79")
        .putHeader("x-ratelimit-reset", "2");
    if (apiToken.equals(ctx.request().getParam("api_token"))) {
      ctx.next();
      return;
    }
    json(
        ctx,
        401,
        new JsonObject()
            .put("success", false)
            .put("error", "You need to be authorized to make this request.")
            .put("errorCode", 401)
            .put("error_info", INFO));
  }

  private void search(RoutingContext ctx) {
    String term = ctx.request().getParam("term");
    JsonArray items = new JsonArray();
    persons.values().stream()
        .filter(person -> emails(person).contains(term))
        .forEach(
            person ->
                items.add(
                    new JsonObject()
                        .put("result_score", 1.0)
                        .put(
                            "item",
                            new JsonObject()
                                .put("id", person.getLong("id"))
                                .put("type", "person")
                                .put("name", person.getString("name"))
                                .put("emails", emails(person)))));
    json(
        ctx,
        200,
        new JsonObject()
            .put("success", true)
            .put("data", new JsonObject().put("items", items))
            .put(
                "additional_data",
                new JsonObject()
                    .put(
                        "pagination",
                        new JsonObject()
                            .put("start", 0)
                            .put("limit", 1)
                            .put("more_items_in_collection", false))));
  }

  private void create(RoutingContext ctx) {
    JsonObject person = ctx.body().asJsonObject();
    if (person.getString("name", "").isBlank()) {
      refuse(ctx, 400, "Name must be given.");
      return;
    }
    long id = hold(person);
    json(ctx, 201, new JsonObject().put("success", true).put("data", persons.get(id)));
  }

  private void update(RoutingContext ctx) {
    JsonObject person = persons.get(id(ctx));
    if (person == null) {
      refuse(ctx, 404, "Person not found");
      return;
    }
    JsonObject changes = ctx.body().asJsonObject();
    if (changes.containsKey("name") && changes.getString("name", "").isBlank()) {
      refuse(ctx, 400, "Name must be given.");
      return;
    }
    person.mergeIn(changes);
    json(ctx, 200, new JsonObject().put("success", true).put("data", person));
  }

  private void delete(RoutingContext ctx) {
    Long id = id(ctx);
    if (id == null || persons.remove(id) == null) {
      refuse(ctx, 404, "Person not found");
      return;
    }
    json(
        ctx,
        200,
        new JsonObject().put("success", true).put("data", new JsonObject().put("id", id)));
  }

  private static Long id(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException notAnId) {
      return null;
    }
  }

  private static JsonArray emails(JsonObject person) {
    JsonArray values = new JsonArray();
    JsonArray emails = person.getJsonArray("email", new JsonArray());
    for (int i = 0; i < emails.size(); i++) {
      values.add(emails.getJsonObject(i).getString("value"));
    }
    return values;
  }

  private static void refuse(RoutingContext ctx, int status, String error) {
    json(
        ctx,
        status,
        new JsonObject()
            .put("success", false)
            .put("error", error)
            .put("error_info", INFO)
            .putNull("data")
            .putNull("additional_data"));
  }
}

package io.ao.worker.crm.standin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * HubSpot CRM API v3 contacts, as its public docs show them: {@code POST /crm/v3/objects/contacts}
 * ({@code {"properties": {...}}}, 409 CONFLICT when the email exists), {@code POST
 * .../batch/upsert} with {@code idProperty: email}, {@code GET/PATCH/DELETE .../{id}} ({@code
 * ?idProperty=email} to address by email), bearer token auth, error bodies {@code {status, message,
 * category, errors: [{message, code, context: {propertyName}}]}}.
 */
public final class HubSpotStandIn extends StandInServer {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final String BASE = "/crm/v3/objects/contacts";

  private final String token;
  private final Map<String, JsonObject> contacts = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(51);

  public HubSpotStandIn(String token) {
    this.token = token;
  }

  public Map<String, JsonObject> contacts() {
    return contacts;
  }

  /** A contact HubSpot already holds; returns its id. */
  public String hold(JsonObject properties) {
    String id = Long.toString(ids.getAndIncrement());
    contacts.put(id, properties.copy());
    return id;
  }

  @Override
  protected void clear() {
    contacts.clear();
  }

  @Override
  protected void routes(Router router) {
    router.route(BASE + "*").handler(this::authorized);
    router.post(BASE + "/batch/upsert").handler(this::upsert);
    router.post(BASE).handler(this::create);
    router.get(BASE + "/:id").handler(this::read);
    router.patch(BASE + "/:id").handler(this::update);
    router.delete(BASE + "/:id").handler(this::delete);
  }

  private void authorized(RoutingContext ctx) {
    if (("Bearer " + token).equals(ctx.request().getHeader("Authorization"))) {
      ctx.next();
      return;
    }
    json(
        ctx,
        401,
        error("INVALID_AUTHENTICATION", "Authentication credentials not found.", null, null));
  }

  private void create(RoutingContext ctx) {
    JsonObject properties = ctx.body().asJsonObject().getJsonObject("properties", new JsonObject());
    if (refuse(ctx, properties)) {
      return;
    }
    String existing = idOfEmail(properties.getString("email"));
    if (existing != null) {
      json(
          ctx,
          409,
          error("CONFLICT", "Contact already exists. Existing ID: " + existing, null, null));
      return;
    }
    String id = hold(properties);
    json(ctx, 201, record(id));
  }

  private void upsert(RoutingContext ctx) {
    JsonArray inputs = ctx.body().asJsonObject().getJsonArray("inputs", new JsonArray());
    JsonArray results = new JsonArray();
    for (int i = 0; i < inputs.size(); i++) {
      JsonObject input = inputs.getJsonObject(i);
      JsonObject properties = input.getJsonObject("properties", new JsonObject()).copy();
      if (!"email".equals(input.getString("idProperty"))) {
        json(
            ctx,
            400,
            error("VALIDATION_ERROR", "idProperty must be a unique property", null, null));
        return;
      }
      properties.put("email", input.getString("id"));
      if (refuse(ctx, properties)) {
        return;
      }
      String id = idOfEmail(input.getString("id"));
      boolean created = id == null;
      if (created) {
        id = hold(properties);
      } else {
        contacts.get(id).mergeIn(properties);
      }
      results.add(record(id).put("new", created));
    }
    json(ctx, 200, new JsonObject().put("status", "COMPLETE").put("results", results));
  }

  private void read(RoutingContext ctx) {
    String id = target(ctx);
    if (id == null) {
      json(ctx, 404, error("OBJECT_NOT_FOUND", "Object not found.", null, null));
      return;
    }
    json(ctx, 200, record(id));
  }

  private void update(RoutingContext ctx) {
    String id = target(ctx);
    if (id == null) {
      json(ctx, 404, error("OBJECT_NOT_FOUND", "Object not found.", null, null));
      return;
    }
    JsonObject properties = ctx.body().asJsonObject().getJsonObject("properties", new JsonObject());
    if (refuse(ctx, properties)) {
      return;
    }
    contacts.get(id).mergeIn(properties);
    json(ctx, 200, record(id));
  }

  private void delete(RoutingContext ctx) {
    contacts.remove(ctx.pathParam("id"));
    ctx.response().setStatusCode(204).end();
  }

  private String target(RoutingContext ctx) {
    String key = ctx.pathParam("id");
    if ("email".equals(ctx.request().getParam("idProperty"))) {
      return idOfEmail(key);
    }
    return contacts.containsKey(key) ? key : null;
  }

  /** HubSpot checks an email property's format: 400 VALIDATION_ERROR naming the property. */
  private boolean refuse(RoutingContext ctx, JsonObject properties) {
    String email = properties.getString("email");
    if (email == null || EMAIL.matcher(email).matches()) {
      return false;
    }
    json(
        ctx,
        400,
        error(
            "VALIDATION_ERROR",
            "Property values were not valid: [{\"isValid\":false,\"message\":\"Email address "
                + email
                + " is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]",
            "Email address " + email + " is invalid",
            "email"));
    return true;
  }

  private String idOfEmail(String email) {
    for (Map.Entry<String, JsonObject> contact : contacts.entrySet()) {
      if (email != null && email.equalsIgnoreCase(contact.getValue().getString("email"))) {
        return contact.getKey();
      }
    }
    return null;
  }

  private JsonObject record(String id) {
    return new JsonObject()
        .put("id", id)
        .put("properties", contacts.get(id))
        .put("archived", false);
  }

  private static JsonObject error(String category, String message, String detail, String property) {
    JsonObject error =
        new JsonObject()
            .put("status", "error")
            .put("message", message)
            .put("correlationId", "5f1a3b7e-0000-4000-8000-000000000000")
            .put("category", category);
    if (detail != null) {
      error.put(
          "errors",
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("message", detail)
                      .put("code", "INVALID_EMAIL")
                      .put(
                          "context",
                          new JsonObject().put("propertyName", new JsonArray().add(property)))));
    }
    return error;
  }
}

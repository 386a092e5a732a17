package io.ao.worker.crm.standin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salesforce as its public docs show it: the OAuth 2.0 token endpoint {@code
 * /services/oauth2/token} (client-credentials and refresh-token grants, answer {@code access_token,
 * instance_url, issued_at, token_type} without a lifetime; errors {@code error, error_description})
 * and the REST API's {@code /services/data/v60.0/sobjects/Lead} (create 201 {@code {id, success,
 * errors}}, PATCH and DELETE 204) and {@code /query} (SOQL). Errors are {@code [{message,
 * errorCode, fields}]}: 401 INVALID_SESSION_ID for a token it no longer accepts, 400
 * REQUIRED_FIELD_MISSING (a Lead needs LastName and Company), 404 NOT_FOUND.
 */
public final class SalesforceStandIn extends StandInServer {

  private static final String API = "/services/data/v60.0";
  private static final Pattern EMAIL_CONDITION = Pattern.compile("Email = '((?:[^'\\\\]|\\\\.)*)'");

  private final String clientId;
  private final String clientSecret;
  private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, JsonObject> leads = new ConcurrentHashMap<>();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger(1);

  public SalesforceStandIn(String clientId, String clientSecret) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  public Map<String, JsonObject> leads() {
    return leads;
  }

  public int tokensIssued() {
    return tokensIssued.get();
  }

  /** Every token issued so far stops working (a session that expired or was revoked). */
  public void expireTokens() {
    validTokens.clear();
  }

  /** A Lead the org already holds; returns its id. */
  public String hold(JsonObject lead) {
    String id = String.format("00Q5g00000%08d", ids.getAndIncrement());
    leads.put(id, lead.copy());
    return id;
  }

  @Override
  protected void clear() {
    leads.clear();
    validTokens.clear();
    tokensIssued.set(0);
  }

  @Override
  protected void routes(Router router) {
    router.post("/services/oauth2/token").handler(this::token);
    router.route(API + "/*").handler(this::authorized);
    router.get(API + "/query").handler(this::query);
    router.post(API + "/sobjects/Lead").handler(this::create);
    router.post(API + "/sobjects/Lead/").handler(this::create);
    router.patch(API + "/sobjects/Lead/:id").handler(this::update);
    router.delete(API + "/sobjects/Lead/:id").handler(this::delete);
  }

  private void token(RoutingContext ctx) {
    String grant = ctx.request().getFormAttribute("grant_type");
    boolean clientOk =
        clientId.equals(ctx.request().getFormAttribute("client_id"))
            && clientSecret.equals(ctx.request().getFormAttribute("client_secret"));
    if (!clientOk) {
      json(
          ctx,
          400,
          new JsonObject()
              .put("error", "invalid_client")
              .put("error_description", "invalid client credentials"));
      return;
    }
    if (!"client_credentials".equals(grant) && !"refresh_token".equals(grant)) {
      json(
          ctx,
          400,
          new JsonObject()
              .put("error", "unsupported_grant_type")
              .put("error_description", "grant type not supported"));
      return;
    }
    String token = "00D5g000004XyZ!token-" + tokensIssued.incrementAndGet();
    validTokens.add(token);
    json(
        ctx,
        200,
        new JsonObject()
            .put("access_token", token)
            // Never followed by the client: it sends only to its configured host.
            .put("instance_url", "https://elsewhere.invalid")
            .put("id", "https://login.salesforce.com/id/00D5g000004XyZ/0055g00000AbCd")
            .put("token_type", "Bearer")
            .put("issued_at", Long.toString(System.currentTimeMillis()))
            .put("signature", "c2lnbmF0dXJl"));
  }

  private void authorized(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null
        && header.startsWith("Bearer ")
        && validTokens.contains(header.substring(7))) {
      ctx.next();
      return;
    }
    json(
        ctx,
        401,
        new JsonArray()
            .add(
                new JsonObject()
                    .put("message", "Session expired or invalid")
                    .put("errorCode", "INVALID_SESSION_ID")));
  }

  private void query(RoutingContext ctx) {
    String soql = ctx.request().getParam("q");
    Matcher condition = EMAIL_CONDITION.matcher(soql == null ? "" : soql);
    if (soql == null || !soql.startsWith("SELECT Id FROM Lead") || !condition.find()) {
      json(ctx, 400, errors("MALFORMED_QUERY", "unexpected query: " + soql, new JsonArray()));
      return;
    }
    String email = condition.group(1).replace("\\'", "'").replace("\\\\", "\\");
    JsonArray records = new JsonArray();
    leads.forEach(
        (id, lead) -> {
          if (email.equalsIgnoreCase(lead.getString("Email"))) {
            records.add(
                new JsonObject()
                    .put(
                        "attributes",
                        new JsonObject()
                            .put("type", "Lead")
                            .put("url", API + "/sobjects/Lead/" + id))
                    .put("Id", id));
          }
        });
    json(
        ctx,
        200,
        new JsonObject()
            .put("totalSize", records.size())
            .put("done", true)
            .put("records", records));
  }

  private void create(RoutingContext ctx) {
    JsonObject lead = ctx.body().asJsonObject();
    JsonArray missing = new JsonArray();
    for (String required : new String[] {"LastName", "Company"}) {
      if (lead.getString(required, "").isBlank()) {
        missing.add(required);
      }
    }
    if (!missing.isEmpty()) {
      json(
          ctx,
          400,
          errors(
              "REQUIRED_FIELD_MISSING",
              "Required fields are missing: "
                  + missing.encode().replace("\"", "").replace(",", ", "),
              missing));
      return;
    }
    String id = hold(lead);
    json(
        ctx,
        201,
        new JsonObject().put("id", id).put("success", true).put("errors", new JsonArray()));
  }

  private void update(RoutingContext ctx) {
    JsonObject lead = leads.get(ctx.pathParam("id"));
    if (lead == null) {
      json(ctx, 404, errors("NOT_FOUND", "The requested resource does not exist", new JsonArray()));
      return;
    }
    lead.mergeIn(ctx.body().asJsonObject());
    ctx.response().setStatusCode(204).end();
  }

  private void delete(RoutingContext ctx) {
    if (leads.remove(ctx.pathParam("id")) == null) {
      json(ctx, 404, errors("ENTITY_IS_DELETED", "entity is deleted", new JsonArray()));
      return;
    }
    ctx.response().setStatusCode(204).end();
  }

  public static JsonArray errors(String code, String message, JsonArray fields) {
    return new JsonArray()
        .add(new JsonObject().put("message", message).put("errorCode", code).put("fields", fields));
  }
}

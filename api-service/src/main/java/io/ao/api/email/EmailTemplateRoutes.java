package io.ao.api.email;

import static io.ao.api.auth.Role.AGENT;
import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PUT;

import io.ao.api.ApiDependencies;
import io.ao.api.http.FieldError;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.ProblemException;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.shared.email.EmailTemplateStore;
import io.ao.shared.leads.LeadValidator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email templates: PUT one (subject and text with {@code {{field}}} placeholders naming lead
 * fields, an optional HTML part), read one, list them. A placeholder that names no lead field is a
 * 422, not an email with a hole in it.
 */
public final class EmailTemplateRoutes {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
  private static final Set<String> FIELDS = Set.of("subject", "text", "html");

  /** What a placeholder may name: a field of the lead, as the API shows it. */
  private static final Set<String> LEAD_FIELDS = leadFields();

  private static final int MAX_SUBJECT = 200;
  private static final int MAX_TEXT = 20_000;
  private static final int MAX_HTML = 100_000;

  private final EmailTemplateStore store;

  private EmailTemplateRoutes(EmailTemplateStore store) {
    this.store = store;
  }

  void put(RoutingContext ctx) {
    String name = name(ctx);
    JsonObject template =
        checked(JsonBodies.objectOf(ctx)).put("updated_at", System.currentTimeMillis());
    store
        .put(name, template)
        .onSuccess(done -> Responses.json(ctx, 200, template.copy().put("name", name)))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    String name = name(ctx);
    store
        .get(name)
        .onSuccess(
            template -> {
              if (template == null) {
                ctx.fail(ProblemException.notFound("No email template named " + name));
              } else {
                Responses.json(ctx, 200, template.put("name", name));
              }
            })
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    store
        .all()
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              all.forEach((name, template) -> items.add(template.put("name", name)));
              Responses.json(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  private static JsonObject checked(JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    body.fieldNames().stream()
        .filter(field -> !FIELDS.contains(field))
        .sorted()
        .forEach(
            field ->
                errors.add(new FieldError(field, "unknown field; allowed: html, subject, text")));
    text(body, "subject", true, MAX_SUBJECT, errors);
    text(body, "text", true, MAX_TEXT, errors);
    text(body, "html", false, MAX_HTML, errors);
    if (body.getValue("subject") instanceof String subject
        && (subject.contains("\n") || subject.contains("\r"))) {
      errors.add(new FieldError("subject", "must be one line"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    JsonObject template =
        new JsonObject()
            .put("subject", body.getString("subject"))
            .put("text", body.getString("text"));
    if (body.getString("html") != null) {
      template.put("html", body.getString("html"));
    }
    return template;
  }

  private static void text(
      JsonObject body, String field, boolean required, int max, List<FieldError> errors) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return;
    }
    if (!(value instanceof String text) || text.length() > max) {
      errors.add(new FieldError(field, "expected a string of at most " + max + " characters"));
      return;
    }
    Matcher placeholders = PLACEHOLDER.matcher(text);
    while (placeholders.find()) {
      if (!LEAD_FIELDS.contains(placeholders.group(1))) {
        errors.add(
            new FieldError(
                field,
                "placeholder {{"
                    + placeholders.group(1)
                    + "}} names no lead field; allowed: "
                    + new java.util.TreeSet<>(LEAD_FIELDS)));
        return;
      }
    }
  }

  private static Set<String> leadFields() {
    Set<String> fields = new java.util.TreeSet<>(LeadValidator.WRITABLE);
    fields.addAll(LeadValidator.READ_ONLY);
    return Set.copyOf(fields);
  }

  private static String name(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!NAME.matcher(name).matches()) {
      throw ProblemException.notFound("No email template named " + name);
    }
    return name;
  }

  public static void mount(RouteTable routes, ApiDependencies deps) {
    EmailTemplateRoutes templates =
        new EmailTemplateRoutes(new EmailTemplateStore(deps.redis(), deps.engine().keys()));
    routes
        .protectedRoute(GET, "/api/email/templates", AGENT, templates::list)
        .protectedRoute(GET, "/api/email/templates/:name", AGENT, templates::get)
        .protectedRoute(PUT, "/api/email/templates/:name", OPERATOR, templates::put);
  }
}

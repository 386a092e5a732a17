package io.ao.api.fuzz;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * Valid requests for an operation, from its declared parameters and body schema. Path parameters
 * usually name a real resource (so the success paths run too); a few values the schemas cannot
 * express (an accepted task type, a configured workflow, a real user's password) come from what the
 * fuzzer set up.
 */
final class RequestFactory {

  private final SchemaValues values;
  private final Fixtures fixtures;
  private final String loginUser;
  private final String loginPassword;

  RequestFactory(SchemaValues values, Fixtures fixtures, String loginUser, String loginPassword) {
    this.values = values;
    this.fixtures = fixtures;
    this.loginUser = loginUser;
    this.loginPassword = loginPassword;
  }

  RequestDraft valid(ApiOperation operation, Random random) {
    RequestDraft draft = new RequestDraft(operation);
    for (JsonObject parameter : operation.parametersIn("path")) {
      draft.pathValues.put(parameter.getString("name"), pathValue(operation, parameter, random));
    }
    for (JsonObject parameter : operation.parametersIn("query")) {
      if (parameter.getBoolean("required", false) || random.nextBoolean()) {
        draft.query.add(Map.entry(parameter.getString("name"), text(parameter, random)));
      }
    }
    for (JsonObject parameter : operation.parametersIn("header")) {
      String name = parameter.getString("name");
      if (name.equalsIgnoreCase("If-Match")
          && draft.pathValues.containsKey("id")
          && random.nextBoolean()) {
        draft.headers.set(
            name,
            fixtures.etagOf(
                Fixtures.collectionOf(operation.path(), "id"), draft.pathValues.get("id")));
      } else if (parameter.getBoolean("required", false) || random.nextBoolean()) {
        draft.headers.set(name, text(parameter, random));
      }
    }
    if (!operation.bodyMediaTypes().isEmpty()) {
      String mediaType = Mutations.pick(random, operation.bodyMediaTypes());
      draft.headers.set("Content-Type", mediaType);
      draft.hasJson = true;
      draft.json = values.valid(operation.bodySchema(mediaType), random);
      fillWhatSchemasCannotSay(operation, draft, random);
    }
    return draft;
  }

  private String pathValue(ApiOperation operation, JsonObject parameter, Random random) {
    String collection = Fixtures.collectionOf(operation.path(), parameter.getString("name"));
    if (fixtures.canMake(collection) && random.nextInt(10) < 7) {
      return operation.consumesItsTarget() || collection.equals("/api/admin/users")
          ? fixtures.fresh(collection)
          : fixtures.existing(collection);
    }
    String generated = text(parameter, random);
    return Fixtures.PROTECTED_USERS.contains(generated) ? generated + "-not" : generated;
  }

  private String text(JsonObject parameter, Random random) {
    String description = parameter.getString("description", "");
    if (description.contains("ms since the epoch")) {
      long at = 1_700_000_000_000L + (long) (random.nextDouble() * 200_000_000_000L);
      return random.nextBoolean() ? Long.toString(at) : Instant.ofEpochMilli(at).toString();
    }
    Object value = values.valid(parameter.getJsonObject("schema", new JsonObject()), random);
    return String.valueOf(value);
  }

  private void fillWhatSchemasCannotSay(ApiOperation operation, RequestDraft draft, Random random) {
    if (!(draft.json instanceof JsonObject body) || random.nextInt(5) == 0) {
      return;
    }
    switch (operation.path()) {
      case "/api/tasks" -> {
        body.put("type", "noop");
        if (body.containsKey("queue")) {
          body.put("queue", "default");
        }
      }
      case "/api/workflows", "/api/workflows/trigger" -> {
        body.put("workflow", random.nextBoolean() ? "lead_intake" : "crm_sync");
        if (random.nextBoolean()) {
          body.remove("lead");
          body.put("lead_id", fixtures.existing("/api/leads"));
        } else {
          body.remove("lead_id");
        }
      }
      case "/api/auth/login" -> {
        if (random.nextBoolean()) {
          body.put("username", loginUser).put("password", loginPassword);
        }
      }
      default -> {}
    }
  }
}

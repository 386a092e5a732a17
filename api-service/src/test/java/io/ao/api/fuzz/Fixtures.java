package io.ao.api.fuzz;

import io.ao.api.support.DeadTasks;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real resources for path parameters, made through the API as the admin: a long-lived one per
 * collection for reads and updates, and a fresh one for each request of an operation that uses its
 * target up (DELETE, retry, cancel), so those never empty the pool the rest of the run reads from.
 * The principals the fuzzer acts as are never handed out.
 */
final class Fixtures {

  /** Users the fuzzer acts as: never a target of delete or password reset. */
  static final Set<String> PROTECTED_USERS = Set.of("admin", "fuzz-agent", "fuzz-login");

  private final FuzzClient client;
  private final Redis redis;
  private final String adminBearer;
  private final Map<String, String> longLived = new HashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();

  Fixtures(FuzzClient client, Redis redis, String adminBearer) {
    this.client = client;
    this.redis = redis;
    this.adminBearer = adminBearer;
  }

  /**
   * The collection a path parameter points into (the template up to the parameter), or null when
   * the fuzzer has no way to make one.
   */
  static String collectionOf(String pathTemplate, String parameter) {
    int at = pathTemplate.indexOf("/{" + parameter + "}");
    return at < 0 ? null : pathTemplate.substring(0, at);
  }

  boolean canMake(String collection) {
    return collection != null
        && switch (collection) {
          case "/api/leads",
              "/api/campaigns",
              "/api/workflows",
              "/api/tasks",
              "/api/auth/keys",
              "/api/admin/users",
              "/api/admin/dead-letters",
              "/api/admin/audit/backups",
              "/api/webhooks",
              "/api/intake/sources" ->
              true;
          default -> false;
        };
  }

  String existing(String collection) {
    return longLived.computeIfAbsent(collection, this::fresh);
  }

  String fresh(String collection) {
    int n = sequence.incrementAndGet();
    return switch (collection) {
      case "/api/leads" ->
          create(
              "/api/leads",
              new JsonObject()
                  .put("email", "fixture-" + n + "-" + System.nanoTime() + "@fuzz.example")
                  .put("first_name", "Fix")
                  .put("company", "Fuzz Ltd"),
              "id");
      case "/api/campaigns" ->
          create(
              "/api/campaigns",
              new JsonObject().put("name", "fixture " + n).put("channel", "email"),
              "id");
      case "/api/workflows" ->
          create(
              "/api/workflows",
              new JsonObject()
                  .put("workflow", "lead_intake")
                  .put("lead_id", existing("/api/leads")),
              "workflow_id");
      case "/api/tasks" -> create("/api/tasks", new JsonObject().put("type", "noop"), "task_id");
      case "/api/webhooks" ->
          create(
              "/api/webhooks",
              new JsonObject()
                  .put("url", "https://hooks.example.com/fixture-" + n)
                  .put("events", new io.vertx.core.json.JsonArray().add("lead.deleted")),
              "id");
      case "/api/intake/sources" ->
          create(
              "/api/intake/sources",
              new JsonObject()
                  .put("name", "fixture-" + n + "-" + System.nanoTime())
                  .put("mapping", new JsonObject().put("email", "email")),
              "name");
      case "/api/auth/keys" ->
          create("/api/auth/keys", new JsonObject().put("name", "fixture key " + n), "id");
      case "/api/admin/users" ->
          create(
              "/api/admin/users",
              new JsonObject()
                  .put("username", "fixture-user-" + n)
                  .put("password", "fixture-password-" + n)
                  .put("role", "agent"),
              "username");
      case "/api/admin/dead-letters" -> DeadTasks.create(redis, "default", "fixture failure " + n);
      case "/api/admin/audit/backups" ->
          create("/api/admin/audit/backup?compress=" + (n % 2 == 0), null, "name");
      default -> throw new IllegalArgumentException("no fixture for " + collection);
    };
  }

  /** The current ETag of a lead or campaign (for a matching If-Match). */
  String etagOf(String collection, String id) {
    FuzzResponse response =
        client.send("GET", collection + "/" + RequestDraft.encode(id), adminHeaders(), null);
    return response.status() == 200 ? response.headers().get("ETag") : "\"0\"";
  }

  private String create(String path, JsonObject body, String idField) {
    MultiMap headers = adminHeaders();
    Buffer payload = null;
    if (body != null) {
      headers.set("Content-Type", "application/json");
      payload = body.toBuffer();
    }
    FuzzResponse response = client.send("POST", path, headers, payload);
    if (response.status() < 200 || response.status() > 299) {
      throw new AssertionError(
          "fixture POST "
              + path
              + " failed: "
              + response.status()
              + " "
              + (response.body() == null ? response.failure() : response.body()));
    }
    return response.body().toJsonObject().getString(idField);
  }

  private MultiMap adminHeaders() {
    return MultiMap.caseInsensitiveMultiMap().set("Authorization", "Bearer " + adminBearer);
  }
}

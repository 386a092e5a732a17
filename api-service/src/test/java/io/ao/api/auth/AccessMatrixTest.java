package io.ao.api.auth;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.ApiRouter;
import io.ao.api.http.RouteTable;
import io.ao.api.support.DeadTasks;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every protected route, from the router itself: no credentials → 401; each role → a 2xx when the
 * route table (ApiRouter) lets it, else exactly 403. A route added without a sample request below
 * fails this test, so none can be forgotten.
 */
@ExtendWith(RedisServerExtension.class)
class AccessMatrixTest {

  private static Vertx vertx;
  private static Redis redis;
  private static RunningApi api;
  private static final Map<Role, String> tokens = new EnumMap<>(Role.class);
  private static final Map<Role, String> usernames = new EnumMap<>(Role.class);

  /** A valid request for each operation, made as the user of the given role. */
  private static final Map<String, Function<Role, HttpResponse<Buffer>>> SAMPLES = new HashMap<>();

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
    api = RunningApi.start(vertx, server.url(), Map.of());
    for (Role role : Role.values()) {
      String name = role.wireName() + "-user";
      usernames.put(role, name);
      assertThat(
              api.postJson(
                      "/api/admin/users",
                      new JsonObject()
                          .put("username", name)
                          .put("password", "password-of-" + name)
                          .put("role", role.wireName()))
                  .statusCode())
          .isEqualTo(201);
      tokens.put(role, api.tokenFor(name, "password-of-" + name));
    }
    samples();
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  private static void samples() {
    sample("GET /health/detailed", role -> send(role, HttpMethod.GET, "/health/detailed", null));
    sample("GET /api/metrics", role -> send(role, HttpMethod.GET, "/api/metrics", null));
    sample("GET /api/auth/me", role -> send(role, HttpMethod.GET, "/api/auth/me", null));
    sample("GET /api/auth/keys", role -> send(role, HttpMethod.GET, "/api/auth/keys", null));
    sample(
        "POST /api/auth/keys",
        role -> send(role, HttpMethod.POST, "/api/auth/keys", new JsonObject().put("name", "k")));
    sample(
        "DELETE /api/auth/keys/{id}",
        role -> {
          String id =
              send(role, HttpMethod.POST, "/api/auth/keys", new JsonObject().put("name", "doomed"))
                  .bodyAsJsonObject()
                  .getString("id");
          return send(role, HttpMethod.DELETE, "/api/auth/keys/" + id, null);
        });
    sample(
        "POST /api/admin/users",
        role ->
            send(
                role,
                HttpMethod.POST,
                "/api/admin/users",
                new JsonObject()
                    .put("username", "u" + UUID.randomUUID().toString().substring(0, 8))
                    .put("password", "a-long-password")
                    .put("role", "agent")));
    sample("GET /api/admin/users", role -> send(role, HttpMethod.GET, "/api/admin/users", null));
    sample(
        "DELETE /api/admin/users/{name}",
        role -> send(role, HttpMethod.DELETE, "/api/admin/users/" + tempUser(), null));
    sample(
        "PUT /api/admin/users/{name}/password",
        role ->
            send(
                role,
                HttpMethod.PUT,
                "/api/admin/users/" + tempUser() + "/password",
                new JsonObject().put("password", "another-long-password")));
    sample(
        "POST /api/tasks",
        role -> send(role, HttpMethod.POST, "/api/tasks", new JsonObject().put("type", "noop")));
    sample(
        "GET /api/tasks/{id}",
        role ->
            send(
                role,
                HttpMethod.GET,
                "/api/tasks/"
                    + api.postJson("/api/tasks", new JsonObject().put("type", "noop"))
                        .bodyAsJsonObject()
                        .getString("task_id"),
                null));
    sample("GET /api/admin/queues", role -> send(role, HttpMethod.GET, "/api/admin/queues", null));
    sample(
        "GET /api/admin/queues/history",
        role -> send(role, HttpMethod.GET, "/api/admin/queues/history?minutes=5", null));
    sample(
        "GET /api/admin/tasks",
        role -> send(role, HttpMethod.GET, "/api/admin/tasks?state=dead", null));
    sample(
        "GET /api/admin/dead-letters",
        role -> send(role, HttpMethod.GET, "/api/admin/dead-letters", null));
    sample(
        "POST /api/admin/dead-letters/{id}/retry",
        role ->
            send(
                role,
                HttpMethod.POST,
                "/api/admin/dead-letters/" + DeadTasks.create(redis, "default", "x") + "/retry",
                null));
    sample(
        "POST /api/admin/dead-letters/retry",
        role ->
            send(
                role,
                HttpMethod.POST,
                "/api/admin/dead-letters/retry",
                new JsonObject().put("error_contains", "no such error")));
    sample(
        "POST /api/admin/dead-letters/discard",
        role ->
            send(
                role,
                HttpMethod.POST,
                "/api/admin/dead-letters/discard",
                new JsonObject().put("error_contains", "no such error")));
    sample(
        "DELETE /api/admin/dead-letters/{id}",
        role ->
            send(
                role,
                HttpMethod.DELETE,
                "/api/admin/dead-letters/" + DeadTasks.create(redis, "default", "x"),
                null));
    sample(
        "POST /api/webhooks",
        role -> send(role, HttpMethod.POST, "/api/webhooks", newSubscription()));
    sample("GET /api/webhooks", role -> send(role, HttpMethod.GET, "/api/webhooks", null));
    sample(
        "GET /api/webhooks/{id}",
        role -> send(role, HttpMethod.GET, "/api/webhooks/" + subscriptionId(), null));
    sample(
        "DELETE /api/webhooks/{id}",
        role -> send(role, HttpMethod.DELETE, "/api/webhooks/" + subscriptionId(), null));
    sample(
        "GET /api/webhooks/{id}/deliveries",
        role ->
            send(role, HttpMethod.GET, "/api/webhooks/" + subscriptionId() + "/deliveries", null));
    sample(
        "POST /api/intake/sources",
        role -> send(role, HttpMethod.POST, "/api/intake/sources", newSource()));
    sample(
        "GET /api/intake/sources", role -> send(role, HttpMethod.GET, "/api/intake/sources", null));
    sample(
        "DELETE /api/intake/sources/{name}",
        role -> send(role, HttpMethod.DELETE, "/api/intake/sources/" + sourceName(), null));
    sample("POST /api/leads", role -> send(role, HttpMethod.POST, "/api/leads", newLead()));
    sample("GET /api/leads", role -> send(role, HttpMethod.GET, "/api/leads", null));
    sample(
        "GET /api/leads/{id}", role -> send(role, HttpMethod.GET, "/api/leads/" + leadId(), null));
    sample(
        "PUT /api/leads/{id}",
        role -> send(role, HttpMethod.PUT, "/api/leads/" + leadId(), newLead()));
    sample(
        "PATCH /api/leads/{id}",
        role ->
            send(
                role,
                HttpMethod.PATCH,
                "/api/leads/" + leadId(),
                new JsonObject().put("status", "contacted")));
    sample(
        "DELETE /api/leads/{id}",
        role -> send(role, HttpMethod.DELETE, "/api/leads/" + leadId(), null));
    sample(
        "POST /api/campaigns",
        role ->
            send(
                role,
                HttpMethod.POST,
                "/api/campaigns",
                new JsonObject().put("name", "spring").put("channel", "email")));
    sample("GET /api/campaigns", role -> send(role, HttpMethod.GET, "/api/campaigns", null));
    sample(
        "GET /api/campaigns/{id}",
        role -> send(role, HttpMethod.GET, "/api/campaigns/" + campaignId(), null));
    sample(
        "PUT /api/campaigns/{id}",
        role ->
            send(
                role,
                HttpMethod.PUT,
                "/api/campaigns/" + campaignId(),
                new JsonObject().put("name", "renamed").put("channel", "web")));
    sample(
        "PATCH /api/campaigns/{id}",
        role ->
            send(
                role,
                HttpMethod.PATCH,
                "/api/campaigns/" + campaignId(),
                new JsonObject().put("status", "active")));
    sample(
        "DELETE /api/campaigns/{id}",
        role -> send(role, HttpMethod.DELETE, "/api/campaigns/" + campaignId(), null));
    sample(
        "POST /api/campaigns/{id}/metrics",
        role ->
            send(
                role,
                HttpMethod.POST,
                "/api/campaigns/" + campaignId() + "/metrics",
                new JsonObject().put("sent", 1)));
    sample(
        "GET /api/campaigns/{id}/metrics",
        role -> send(role, HttpMethod.GET, "/api/campaigns/" + campaignId() + "/metrics", null));
    sample(
        "POST /api/workflows",
        role ->
            send(
                role,
                HttpMethod.POST,
                "/api/workflows",
                new JsonObject().put("workflow", "crm_sync").put("lead", newLead())));
    sample(
        "POST /api/workflows/trigger",
        role ->
            send(
                role,
                HttpMethod.POST,
                "/api/workflows/trigger",
                new JsonObject().put("workflow", "crm_sync").put("lead_id", leadId())));
    sample("GET /api/workflows", role -> send(role, HttpMethod.GET, "/api/workflows", null));
    sample(
        "GET /api/workflows/definitions",
        role -> send(role, HttpMethod.GET, "/api/workflows/definitions", null));
    sample(
        "GET /api/workflows/{id}/status",
        role -> send(role, HttpMethod.GET, "/api/workflows/" + runId() + "/status", null));
    sample(
        "POST /api/workflows/{id}/cancel",
        role -> send(role, HttpMethod.POST, "/api/workflows/" + runId() + "/cancel", null));
    sample(
        "POST /api/workflows/definitions",
        role -> send(role, HttpMethod.POST, "/api/workflows/definitions", definition(newName())));
    sample(
        "GET /api/workflows/definitions/{name}",
        role -> send(role, HttpMethod.GET, "/api/workflows/definitions/lead_intake", null));
    sample(
        "GET /api/workflows/definitions/{name}/versions/{n}",
        role ->
            send(role, HttpMethod.GET, "/api/workflows/definitions/lead_intake/versions/1", null));
    sample(
        "PUT /api/workflows/definitions/{name}",
        role -> {
          String name = definitionName();
          return send(role, HttpMethod.PUT, "/api/workflows/definitions/" + name, definition(name));
        });
    sample(
        "DELETE /api/workflows/definitions/{name}",
        role ->
            send(role, HttpMethod.DELETE, "/api/workflows/definitions/" + definitionName(), null));
    sample(
        "GET /api/email/templates",
        role -> send(role, HttpMethod.GET, "/api/email/templates", null));
    sample(
        "GET /api/email/templates/{name}",
        role -> send(role, HttpMethod.GET, "/api/email/templates/follow_up", null));
    sample(
        "PUT /api/email/templates/{name}",
        role ->
            send(
                role,
                HttpMethod.PUT,
                "/api/email/templates/access_check",
                new JsonObject().put("subject", "Hello {{first_name}}").put("text", "Hi")));
    sample("GET /api/admin/audit", role -> send(role, HttpMethod.GET, "/api/admin/audit", null));
    sample(
        "POST /api/admin/audit/backup",
        role -> send(role, HttpMethod.POST, "/api/admin/audit/backup", null));
    sample(
        "GET /api/admin/audit/backups",
        role -> send(role, HttpMethod.GET, "/api/admin/audit/backups", null));
    sample(
        "GET /api/admin/audit/backups/{name}",
        role ->
            send(
                role,
                HttpMethod.GET,
                "/api/admin/audit/backups/"
                    + api.send(HttpMethod.POST, "/api/admin/audit/backup")
                        .bodyAsJsonObject()
                        .getString("name"),
                null));
  }

  @Test
  void everyProtectedRouteAnswersEachRoleExactlyAsApiMdSays() {
    RouteTable routes = ApiRouter.create(vertx, api.server().dependencies());
    List<RouteTable.Operation> guarded =
        routes.operations().stream().filter(op -> !op.isPublic()).toList();
    assertThat(guarded).isNotEmpty();
    for (RouteTable.Operation op : guarded) {
      String name = op.method().name() + " " + op.openApiPath();
      assertThat(SAMPLES).as("a sample request for %s", name).containsKey(name);

      HttpResponse<Buffer> anonymous =
          api.anonymous(op.method(), op.openApiPath().replaceAll("\\{[a-z]+}", "x1234567890"));
      assertThat(anonymous.statusCode()).as("%s without credentials", name).isEqualTo(401);
      assertThat(anonymous.getHeader("WWW-Authenticate"))
          .as("%s WWW-Authenticate", name)
          .startsWith("Bearer");

      for (Role role : Role.values()) {
        HttpResponse<Buffer> response = SAMPLES.get(name).apply(role);
        if (role.atLeast(op.minRole())) {
          assertThat(response.statusCode())
              .as("%s as %s: %s", name, role, response.bodyAsString())
              .isBetween(200, 299);
        } else {
          assertThat(response.statusCode()).as("%s as %s", name, role).isEqualTo(403);
        }
      }
    }
  }

  @Test
  void publicRoutesNeedNoCredentials() {
    RouteTable routes = ApiRouter.create(vertx, api.server().dependencies());
    routes.operations().stream()
        .filter(RouteTable.Operation::isPublic)
        .filter(op -> op.method() == HttpMethod.GET)
        .forEach(
            op ->
                assertThat(api.anonymous(op.method(), op.openApiPath()).statusCode())
                    .as(op.openApiPath())
                    .isIn(200, 503));
  }

  private static void sample(String operation, Function<Role, HttpResponse<Buffer>> request) {
    SAMPLES.put(operation, request);
  }

  private static JsonObject newLead() {
    return new JsonObject().put("email", "lead-" + UUID.randomUUID() + "@example.com");
  }

  private static String runId() {
    return api.postJson(
            "/api/workflows", new JsonObject().put("workflow", "crm_sync").put("lead_id", leadId()))
        .bodyAsJsonObject()
        .getString("workflow_id");
  }

  private static String newName() {
    return "access_" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObject definition(String name) {
    return new JsonObject()
        .put("name", name)
        .put(
            "steps",
            new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("name", "only").put("type", "noop")));
  }

  /** A definition the admin created, for a PUT or DELETE to work on. */
  private static String definitionName() {
    String name = newName();
    api.postJson("/api/workflows/definitions", definition(name));
    return name;
  }

  private static String campaignId() {
    return api.postJson("/api/campaigns", new JsonObject().put("name", "c").put("channel", "sms"))
        .bodyAsJsonObject()
        .getString("id");
  }

  private static JsonObject newSubscription() {
    return new JsonObject()
        .put("url", "https://hooks.example.com/in")
        .put("events", new io.vertx.core.json.JsonArray().add("lead.created"));
  }

  private static String subscriptionId() {
    return api.postJson("/api/webhooks", newSubscription()).bodyAsJsonObject().getString("id");
  }

  private static JsonObject newSource() {
    return new JsonObject()
        .put("name", "s" + UUID.randomUUID().toString().substring(0, 8))
        .put("mapping", new JsonObject().put("email", "email"));
  }

  private static String sourceName() {
    return api.postJson("/api/intake/sources", newSource()).bodyAsJsonObject().getString("name");
  }

  private static String leadId() {
    return api.postJson("/api/leads", newLead()).bodyAsJsonObject().getString("id");
  }

  private static String tempUser() {
    String name = "t" + UUID.randomUUID().toString().substring(0, 8);
    api.postJson(
        "/api/admin/users",
        new JsonObject()
            .put("username", name)
            .put("password", "temporary-password")
            .put("role", "agent"));
    return name;
  }

  private static HttpResponse<Buffer> send(
      Role role, HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request =
        api.request(method, path).putHeader("Authorization", "Bearer " + tokens.get(role));
    return body == null
        ? await(request.send())
        : await(request.putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()));
  }
}

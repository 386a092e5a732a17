package io.ao.loadtest.scenario;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's final 10-minute run (API.md, "The seed's load mix"): its request counts as
 * weights, plus the PUT the seed had to switch off at 1%. Each user logs in once; the
 * 404 probe counts as a success when it gets its 404.
 */
public final class SeedMix implements Scenario {

  private final String username;
  private final String password;
  private final List<Action> actions = new ArrayList<>();

  public SeedMix(String username, String password) {
    this.username = username;
    this.password = password;
    add("GET /api/auth/keys", 47, s -> s.send(HttpMethod.GET, "/api/auth/keys", null).map(Session.Reply::status));
    add("GET /api/auth/me", 172, s -> s.send(HttpMethod.GET, "/api/auth/me", null).map(Session.Reply::status));
    add("GET /api/campaigns", 159, s -> s.send(HttpMethod.GET, "/api/campaigns", null).map(Session.Reply::status));
    add("POST /api/campaigns/{id}/metrics", 50, s -> s.send(HttpMethod.POST, "/api/campaigns/" + s.campaignId()
      + "/metrics", new JsonObject().put("sent", 10).put("delivered", 9).put("opened", 3)).map(Session.Reply::status));
    add("GET /api/leads", 470, s -> s.send(HttpMethod.GET, "/api/leads?limit=20", null).map(Session.Reply::status));
    add("POST /api/leads", 164, s -> s.send(HttpMethod.POST, "/api/leads", lead()).map(reply -> {
      if (reply.status() == 201) {
        s.leadId(reply.json().getString("id"));
      }
      return reply.status();
    }));
    add("GET /api/leads/{id}", 126, s -> s.leadId() == null
      ? Future.succeededFuture(200)
      : s.send(HttpMethod.GET, "/api/leads/" + s.leadId(), null).map(Session.Reply::status));
    add("POST /api/workflows", 597, s -> s.send(HttpMethod.POST, "/api/workflows",
      new JsonObject().put("workflow", "lead_intake").put("lead", lead())).map(reply -> {
        if (reply.status() == 202) {
          s.workflowId(reply.json().getString("workflow_id"));
        }
        return reply.status();
      }));
    add("GET /api/workflows/{id}/status", 243, s -> s.workflowId() == null
      ? Future.succeededFuture(200)
      : s.send(HttpMethod.GET, "/api/workflows/" + s.workflowId() + "/status", null).map(Session.Reply::status));
    add("GET /docs", 120, s -> s.send(HttpMethod.GET, "/docs", null).map(Session.Reply::status));
    add("GET /health", 286, s -> s.send(HttpMethod.GET, "/health", null).map(Session.Reply::status));
    add("GET /health/detailed", 125, s -> s.send(HttpMethod.GET, "/health/detailed", null).map(Session.Reply::status));
    add("GET /metrics", 53, s -> s.send(HttpMethod.GET, "/metrics", null).map(Session.Reply::status));
    add("GET /openapi.json", 38, s -> s.send(HttpMethod.GET, "/openapi.json", null).map(Session.Reply::status));
    actions.add(new Action("GET /api/nonexistent (404 expected)", 39,
      s -> s.send(HttpMethod.GET, "/api/nonexistent", null).map(Session.Reply::status), status -> status == 404));
    // 1% of all requests
    int total = actions.stream().mapToInt(Action::weight).sum();
    add("PUT /api/leads/{id}", Math.max(1, total / 99), s -> s.leadId() == null
      ? Future.succeededFuture(200)
      : s.send(HttpMethod.PUT, "/api/leads/" + s.leadId(), lead().put("status", "contacted")).map(Session.Reply::status));
  }

  @Override
  public String name() {
    return "seed-mix";
  }

  /** Logs in once, and makes a campaign to post metrics to. */
  @Override
  public Future<Integer> start(Session session) {
    return session.send(HttpMethod.POST, "/api/auth/login",
        new JsonObject().put("username", username).put("password", password))
      .compose(reply -> {
        if (reply.status() != 200) {
          return Future.succeededFuture(reply.status());
        }
        session.token(reply.json().getString("access_token"));
        return session.send(HttpMethod.POST, "/api/campaigns",
            new JsonObject().put("name", "load test").put("channel", "email"))
          .map(created -> {
            session.campaignId(created.json().getString("id", "missing"));
            return reply.status();
          });
      });
  }

  @Override
  public List<Action> actions() {
    return actions;
  }

  private void add(String name, int weight, java.util.function.Function<Session, Future<Integer>> call) {
    actions.add(new Action(name, weight, call, Action.is2xx()));
  }

  private static JsonObject lead() {
    return new JsonObject().put("email", Session.uniqueEmail()).put("first_name", "Load").put("last_name", "Test")
      .put("company", "Bench Inc").put("source", "web_form");
  }
}

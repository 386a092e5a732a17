package io.ao.loadtest.scenario;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * The actions the scenarios are made of; those that create something remember its id in the
 * session.
 */
final class Requests {

  private Requests() {}

  static Action get(String path, int weight) {
    return new Action(
        "GET " + path,
        weight,
        s -> s.send(HttpMethod.GET, path, null).map(Session.Reply::status),
        Action.is2xx());
  }

  static Action get(String name, String path, int weight) {
    return new Action(
        name,
        weight,
        s -> s.send(HttpMethod.GET, path, null).map(Session.Reply::status),
        Action.is2xx());
  }

  static Action createLead(int weight) {
    return new Action("POST /api/leads", weight, Requests::createLead, Action.is2xx());
  }

  static Future<Integer> createLead(Session session) {
    return session
        .send(HttpMethod.POST, "/api/leads", lead())
        .map(
            reply -> {
              if (reply.status() == 201) {
                session.leadId(reply.json().getString("id"));
              }
              return reply.status();
            });
  }

  static Action readLead(int weight) {
    return new Action(
        "GET /api/leads/{id}",
        weight,
        s ->
            s.leadId() == null
                ? Future.succeededFuture(Action.NOT_SENT)
                : s.send(HttpMethod.GET, "/api/leads/" + s.leadId(), null)
                    .map(Session.Reply::status),
        Action.is2xx());
  }

  static Action replaceLead(int weight) {
    return new Action(
        "PUT /api/leads/{id}",
        weight,
        s ->
            s.leadId() == null
                ? Future.succeededFuture(Action.NOT_SENT)
                : s.send(
                        HttpMethod.PUT,
                        "/api/leads/" + s.leadId(),
                        lead().put("status", "contacted"))
                    .map(Session.Reply::status),
        Action.is2xx());
  }

  static Action startWorkflow(int weight) {
    return new Action("POST /api/workflows", weight, Requests::startWorkflow, Action.is2xx());
  }

  static Future<Integer> startWorkflow(Session session) {
    return session
        .send(
            HttpMethod.POST,
            "/api/workflows",
            new JsonObject().put("workflow", "lead_intake").put("lead", lead()))
        .map(
            reply -> {
              if (reply.status() == 202) {
                session.workflowId(reply.json().getString("workflow_id"));
              }
              return reply.status();
            });
  }

  static Action workflowStatus(int weight) {
    return new Action(
        "GET /api/workflows/{id}/status",
        weight,
        s ->
            s.workflowId() == null
                ? Future.succeededFuture(Action.NOT_SENT)
                : s.send(HttpMethod.GET, "/api/workflows/" + s.workflowId() + "/status", null)
                    .map(Session.Reply::status),
        Action.is2xx());
  }

  static Action campaignMetrics(int weight) {
    return new Action(
        "POST /api/campaigns/{id}/metrics",
        weight,
        s ->
            s.send(
                    HttpMethod.POST,
                    "/api/campaigns/" + s.campaignId() + "/metrics",
                    new JsonObject().put("sent", 10).put("delivered", 9).put("opened", 3))
                .map(Session.Reply::status),
        Action.is2xx());
  }

  static Future<Integer> createCampaign(Session session) {
    return session
        .send(
            HttpMethod.POST,
            "/api/campaigns",
            new JsonObject().put("name", "load test").put("channel", "email"))
        .map(
            created -> {
              session.campaignId(created.json().getString("id", "missing"));
              return created.status();
            });
  }

  /**
   * Runs the next set-up step only when the previous one got a 2xx; completes with the first other
   * status.
   */
  static Future<Integer> then(
      Future<Integer> previous, Function<Session, Future<Integer>> next, Session session) {
    return previous.compose(
        status ->
            status >= 200 && status < 300 ? next.apply(session) : Future.succeededFuture(status));
  }

  private static JsonObject lead() {
    return new JsonObject()
        .put("email", Session.uniqueEmail())
        .put("first_name", "Load")
        .put("last_name", "Test")
        .put("company", "Bench Inc")
        .put("source", "web_form");
  }
}

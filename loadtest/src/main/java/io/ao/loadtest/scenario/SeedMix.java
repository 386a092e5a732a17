package io.ao.loadtest.scenario;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's final 10-minute run (README, "Load testing"): its request counts as weights, plus the
 * PUT the seed had to switch off at 1%. Each user authenticates once and makes a campaign to post
 * metrics to; the 404 probe counts as a success when it gets its 404. The {@code burst} scenario is
 * this mix with 1000 users.
 */
public final class SeedMix implements Scenario {

  private final String name;
  private final Credentials credentials;
  private final List<Action> actions = new ArrayList<>();

  public SeedMix(String name, Credentials credentials) {
    this.name = name;
    this.credentials = credentials;
    actions.add(Requests.get("/api/auth/keys", 47));
    actions.add(Requests.get("/api/auth/me", 172));
    actions.add(Requests.get("/api/campaigns", 159));
    actions.add(Requests.campaignMetrics(50));
    actions.add(Requests.get("GET /api/leads", "/api/leads?limit=20", 470));
    actions.add(Requests.createLead(164));
    actions.add(Requests.readLead(126));
    actions.add(Requests.startWorkflow(597));
    actions.add(Requests.workflowStatus(243));
    actions.add(Requests.get("/docs", 120));
    actions.add(Requests.get("/health", 286));
    actions.add(Requests.get("/health/detailed", 125));
    actions.add(Requests.get("/metrics", 53));
    actions.add(Requests.get("/openapi.json", 38));
    actions.add(
        new Action(
            "GET /api/nonexistent (404 expected)",
            39,
            s -> s.send(HttpMethod.GET, "/api/nonexistent", null).map(Session.Reply::status),
            status -> status == 404));
    int total = actions.stream().mapToInt(Action::weight).sum();
    actions.add(Requests.replaceLead(Math.max(1, total / 99))); // 1% of all requests
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String setupName() {
    return credentials.setupName();
  }

  @Override
  public Future<Integer> start(Session session) {
    return Requests.then(credentials.authenticate(session), Requests::createCampaign, session);
  }

  @Override
  public List<Action> actions() {
    return actions;
  }
}

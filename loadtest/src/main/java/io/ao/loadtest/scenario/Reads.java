package io.ao.loadtest.scenario;

import io.vertx.core.Future;
import java.util.List;

/** Read traffic only: each user first creates one lead and one workflow run to read back. */
public final class Reads implements Scenario {

  private final Credentials credentials;
  private final List<Action> actions =
      List.of(
          Requests.get("GET /api/leads", "/api/leads?limit=20", 40),
          Requests.readLead(20),
          Requests.get("/api/campaigns", 15),
          Requests.workflowStatus(15),
          Requests.get("/api/auth/me", 10));

  public Reads(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public String name() {
    return "reads";
  }

  @Override
  public String setupName() {
    return credentials.setupName() + " + a lead and a workflow run";
  }

  @Override
  public Future<Integer> start(Session session) {
    return Requests.then(
        Requests.then(credentials.authenticate(session), Requests::createLead, session),
        Requests::startWorkflow,
        session);
  }

  @Override
  public List<Action> actions() {
    return actions;
  }
}

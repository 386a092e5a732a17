package io.ao.loadtest.scenario;

import io.vertx.core.Future;
import java.util.List;

/** Write traffic only: lead_intake workflow triggers, each a new lead and three queued steps. */
public final class Writes implements Scenario {

  private final Credentials credentials;
  private final List<Action> actions = List.of(Requests.startWorkflow(1));

  public Writes(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public String name() {
    return "writes";
  }

  @Override
  public String setupName() {
    return credentials.setupName();
  }

  @Override
  public Future<Integer> start(Session session) {
    return credentials.authenticate(session);
  }

  @Override
  public List<Action> actions() {
    return actions;
  }
}

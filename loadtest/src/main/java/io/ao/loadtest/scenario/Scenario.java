package io.ao.loadtest.scenario;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What virtual users do: a start (e.g. log in once) and a weighted mix of actions. */
public interface Scenario {

  String name();

  /** The report's row for start(): kept out of the "All" row, so that row shows the mix alone. */
  default String setupName() {
    return "user set-up";
  }

  /** Run once per user before its first action; completes with the status it got. */
  Future<Integer> start(Session session);

  List<Action> actions();

  /** Picks an action with probability proportional to its weight. */
  default Action pick() {
    List<Action> actions = actions();
    int total = actions.stream().mapToInt(Action::weight).sum();
    int roll = ThreadLocalRandom.current().nextInt(total);
    for (Action action : actions) {
      roll -= action.weight();
      if (roll < 0) {
        return action;
      }
    }
    return actions.get(actions.size() - 1);
  }
}

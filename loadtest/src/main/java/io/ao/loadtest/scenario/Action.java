package io.ao.loadtest.scenario;

import io.vertx.core.Future;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * One kind of request a virtual user makes: its name in the report, its weight in the mix, the call
 * (completing with the HTTP status), and which statuses count as success.
 */
public record Action(
    String name, int weight, Function<Session, Future<Integer>> call, IntPredicate success) {

  public static IntPredicate is2xx() {
    return status -> status >= 200 && status < 300;
  }
}

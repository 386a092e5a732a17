package io.ao.loadtest.scenario;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * One kind of request a virtual user makes: its name in the report, its weight in the mix, the call
 * (completing with the HTTP status, or {@link #NOT_SENT}), and which statuses count as success.
 */
public record Action(
    String name, int weight, Function<Session, Future<Integer>> call, IntPredicate success) {

  /**
   * What a call completes with when it sent nothing (e.g. a user who has no lead yet to read): the
   * models record no request for it, so the report counts only requests the server saw.
   */
  public static final int NOT_SENT = 0;

  /** True when the call completed without sending a request. */
  public static boolean notSent(AsyncResult<Integer> result) {
    return result.succeeded() && result.result() == NOT_SENT;
  }

  public static IntPredicate is2xx() {
    return status -> status >= 200 && status < 300;
  }
}

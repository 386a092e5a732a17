package io.ao.worker.email;

import io.ao.shared.queue.LuaScript;
import io.ao.shared.queue.QueueKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * At most one email per lead and template in a window ({@code email.followup_window_hours}),
 * however many tasks ask for it: the first task to claim the window holds it until it expires (SET
 * NX PX in followup_claim.lua). The claim stores the task id, so a retry of the same task still
 * sends; the task's own at-most-once marker then keeps that to one copy.
 */
final class FollowUpWindow {

  private static final LuaScript CLAIM =
      LuaScript.fromClasspath("/io/ao/worker/email/followup_claim.lua");

  private final Redis redis;
  private final QueueKeys keys;
  private final Duration window;

  /** {@code window} zero: no limit, every task may send. */
  FollowUpWindow(Redis redis, QueueKeys keys, Duration window) {
    this.redis = redis;
    this.keys = keys;
    this.window = window;
  }

  Duration window() {
    return window;
  }

  /** Completes empty when {@code taskId} may send, else with the id of the task that sent. */
  Future<Optional<String>> claim(String leadId, String template, String taskId) {
    if (window.isZero()) {
      return Future.succeededFuture(Optional.empty());
    }
    return CLAIM
        .run(
            redis,
            List.of(key(leadId, template)),
            List.of(taskId, Long.toString(window.toMillis())))
        .map(holder -> Optional.of(holder.toString()).filter(id -> !id.isEmpty()));
  }

  /** Beside the lead's other keys, under its queue's hash tag. */
  String key(String leadId, String template) {
    return keys.prefix() + ":{" + keys.queue() + "}:email-window:" + leadId + ":" + template;
  }
}

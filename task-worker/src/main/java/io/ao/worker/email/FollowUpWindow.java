package io.ao.worker.email;

import io.ao.shared.queue.LuaScript;
import io.ao.shared.queue.QueueKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;

/**
 * Who may send a task's email, at least once, and at most one per lead and template in a window
 * ({@code email.followup_window_hours}) however many tasks ask for it.
 *
 * <ol>
 *   <li>{@link #claim}: the first task to claim the window holds it until it expires (SET NX PX in
 *       followup_claim.lua), and the task's marker says "sending". A retry of the same task may
 *       claim again: its earlier delivery either failed (and released) or died mid-send.
 *   <li>{@link #sent}: an SMTP server accepted the message; no later delivery sends it.
 *   <li>{@link #release}: no server accepted it; the marker and the window are given back, so the
 *       retry sends.
 * </ol>
 */
final class FollowUpWindow {

  private static final LuaScript CLAIM =
      LuaScript.fromClasspath("/io/ao/worker/email/followup_claim.lua");
  private static final LuaScript RELEASE =
      LuaScript.fromClasspath("/io/ao/worker/email/followup_release.lua");
  static final long MARKER_TTL_SECONDS = 30L * 86_400;

  /** What {@link #claim} found. */
  sealed interface Claim {
    /** This delivery sends. */
    record Granted() implements Claim {}

    /** An earlier delivery of the task had its message accepted. */
    record AlreadySent() implements Claim {}

    /** Another task sent this template to the lead within the window. */
    record WindowHeld(String holder) implements Claim {}
  }

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

  Future<Claim> claim(String leadId, String template, String taskId) {
    return CLAIM
        .run(
            redis,
            List.of(marker(taskId), key(leadId, template)),
            List.of(
                taskId,
                Long.toString(window.toMillis()),
                Long.toString(System.currentTimeMillis())))
        .map(
            reply -> {
              String answer = reply.toString();
              if (answer.isEmpty()) {
                return new Claim.Granted();
              }
              return "sent".equals(answer) ? new Claim.AlreadySent() : new Claim.WindowHeld(answer);
            });
  }

  /** One command, so atomic: from now on no delivery of the task sends. */
  Future<Void> sent(String taskId) {
    return redis
        .send(
            Request.cmd(Command.SET)
                .arg(marker(taskId))
                .arg("sent")
                .arg("EX")
                .arg(MARKER_TTL_SECONDS))
        .mapEmpty();
  }

  Future<Void> release(String leadId, String template, String taskId) {
    return RELEASE
        .run(redis, List.of(marker(taskId), key(leadId, template)), List.of(taskId))
        .mapEmpty();
  }

  /** Beside the lead's other keys, under its queue's hash tag. */
  String key(String leadId, String template) {
    return keys.prefix() + ":{" + keys.queue() + "}:email-window:" + leadId + ":" + template;
  }

  String marker(String taskId) {
    return keys.prefix() + ":{" + keys.queue() + "}:email-sent:" + taskId;
  }
}

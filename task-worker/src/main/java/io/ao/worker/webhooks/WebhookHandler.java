package io.ao.worker.webhooks;

import io.ao.shared.queue.TaskTypes;
import io.ao.shared.webhooks.DeliveryLog;
import io.ao.shared.webhooks.WebhookKeys;
import io.ao.shared.webhooks.WebhookSignature;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@code webhook} task: one event POSTed to one subscription's URL, signed by the Standard
 * Webhooks scheme with the subscription's secret. Each attempt is written to the subscription's
 * delivery log. A 2xx succeeds; a redirect, a refused target or a deleted subscription fails at
 * once; anything else (5xx, 4xx, no answer) is retried by the queue with backoff, with the same
 * {@code webhook-id}, a fresh {@code webhook-timestamp} and its signature.
 */
public final class WebhookHandler implements TaskHandler {

  private final Redis redis;
  private final WebhookKeys keys;
  private final DeliveryLog log;
  private final WebhookSender sender;
  private final LongSupplier clock;

  WebhookHandler(
      Redis redis, WebhookKeys keys, DeliveryLog log, WebhookSender sender, LongSupplier clock) {
    this.redis = redis;
    this.keys = keys;
    this.log = log;
    this.sender = sender;
    this.clock = clock;
  }

  @Override
  public String type() {
    return TaskTypes.WEBHOOK;
  }

  @Override
  public Future<JsonObject> handle(TaskContext task) {
    // the payload as stored now, not as the stream entry carried it: a lead deleted since the
    // event was enqueued has had its data cut from it (lib.lua webhook_erase)
    return redis
        .send(Request.cmd(Command.HGET).arg(keys.task(task.taskId())).arg("payload"))
        .compose(
            stored ->
                deliver(
                    task,
                    WebhookMessage.of(
                        task,
                        stored == null ? task.payload() : new JsonObject(stored.toString()))));
  }

  private Future<JsonObject> deliver(TaskContext task, WebhookMessage message) {
    if (message.subscription().isEmpty()) {
      return Future.failedFuture(new PermanentTaskFailure("no subscription named"));
    }
    return redis
        .send(
            Request.cmd(Command.HMGET)
                .arg(keys.subscription(message.subscription()))
                .arg("url")
                .arg("secret"))
        .compose(
            fields -> {
              if (fields == null || fields.get(0) == null || fields.get(1) == null) {
                return Future.failedFuture(
                    new PermanentTaskFailure(
                        "subscription " + message.subscription() + " no longer exists"));
              }
              return deliver(task, message, fields);
            });
  }

  private Future<JsonObject> deliver(TaskContext task, WebhookMessage message, Response fields) {
    long now = clock.getAsLong();
    long timestamp = now / 1000;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("webhook-id", message.id());
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put(
        "webhook-signature",
        WebhookSignature.of(fields.get(1).toString())
            .sign(message.id(), timestamp, message.body().getBytes()));
    JsonObject attempt =
        new JsonObject()
            .put("event_id", message.id())
            .put("event", message.event())
            .put("task_id", task.taskId())
            .put("attempt", task.attempt())
            .put("at", now);
    return sender
        .post(fields.get(0).toString(), headers, message.body())
        .transform(
            outcome -> {
              Integer status = outcome.succeeded() ? outcome.result() : null;
              String error = error(outcome.succeeded() ? null : outcome.cause(), status);
              attempt.put("status_code", status).put("error", error);
              Future<JsonObject> result =
                  error == null
                      ? Future.succeededFuture(
                          new JsonObject()
                              .put("webhook_id", message.id())
                              .put("status_code", status))
                      : Future.failedFuture(failure(outcome.cause(), status, error));
              return log.record(message.subscription(), attempt).compose(recorded -> result);
            });
  }

  /** Null when the attempt delivered (2xx). */
  private static String error(Throwable cause, Integer status) {
    if (cause != null) {
      return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
    if (status >= 200 && status < 300) {
      return null;
    }
    if (status >= 300 && status < 400) {
      return "HTTP " + status + ": redirects are not followed";
    }
    return "HTTP " + status;
  }

  private static RuntimeException failure(Throwable cause, Integer status, String error) {
    if (cause instanceof PermanentTaskFailure permanent) {
      return permanent;
    }
    if (status != null && status >= 300 && status < 400) {
      return new PermanentTaskFailure(error);
    }
    return new IllegalStateException(error);
  }
}

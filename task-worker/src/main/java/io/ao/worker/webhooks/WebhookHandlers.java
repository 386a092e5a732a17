package io.ao.worker.webhooks;

import io.ao.shared.config.AppConfig;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.webhooks.DeliveryLog;
import io.ao.shared.webhooks.TargetPolicy;
import io.ao.shared.webhooks.WebhookKeys;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

/** Builds the webhook handler from the configuration (the {@code webhooks} section). */
public final class WebhookHandlers {

  private WebhookHandlers() {}

  /** Subscriptions live in the home partition: the first configured queue's, as leads do. */
  public static WebhookHandler from(Vertx vertx, Redis redis, AppConfig config) {
    WebhookKeys keys =
        new WebhookKeys(new QueueKeys(config.redis().keyPrefix(), config.queue().queues().get(0)));
    return create(
        vertx,
        redis,
        keys,
        TargetPolicy.of(config.webhooks()),
        config.webhooks().timeoutMs(),
        config.webhooks().deliveriesKept());
  }

  public static WebhookHandler create(
      Vertx vertx,
      Redis redis,
      WebhookKeys keys,
      TargetPolicy policy,
      long timeoutMs,
      int deliveriesKept) {
    return new WebhookHandler(
        redis,
        keys,
        new DeliveryLog(redis, keys, deliveriesKept),
        new WebhookSender(vertx, policy, timeoutMs),
        System::currentTimeMillis);
  }
}

package io.ao.worker;

import io.ao.shared.config.AppConfig;
import io.ao.shared.leads.LeadKeys;
import io.ao.shared.leads.LeadRecords;
import io.ao.shared.queue.QueueKeys;
import io.ao.worker.crm.CrmClient;
import io.ao.worker.crm.CrmDeleteHandler;
import io.ao.worker.crm.CrmSettings;
import io.ao.worker.crm.CrmSyncHandler;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.leads.LeadProcessHandler;
import io.ao.worker.leads.LeadScorer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.ao.worker.email.EmailSendHandler;
import io.ao.worker.email.EmailTemplates;
import io.vertx.redis.client.Redis;

/** The product's task handlers (leads, CRM), wired from the configuration. */
public final class DomainHandlers {

  private DomainHandlers() {
  }

  public static HandlerRegistry register(HandlerRegistry registry, Vertx vertx, Redis redis, AppConfig config,
                                         MeterRegistry meters) {
    // Leads live under the hash tag of the queue their tasks use: the first configured queue (as in the API).
    LeadKeys keys = new LeadKeys(new QueueKeys(config.redis().keyPrefix(), config.queue().queues().get(0)));
    LeadRecords leads = new LeadRecords(redis, keys);
    JsonObject email = config.section("email");
    JsonObject smtp = email.getJsonObject("smtp", new JsonObject());
    MailConfig mailConfig = new MailConfig().setHostname(smtp.getString("host", "").isBlank() ? "127.0.0.1"
        : smtp.getString("host"))
      .setPort(smtp.getInteger("port", 25)).setSsl(smtp.getBoolean("ssl", false))
      .setStarttls(StartTLSOptions.OPTIONAL);
    if (!smtp.getString("username", "").isEmpty()) {
      mailConfig.setUsername(smtp.getString("username")).setPassword(smtp.getString("password", ""));
    }
    JsonArray rules = config.section("scoring").getJsonArray("rules", new JsonArray());
    CrmSettings crm = CrmSettings.from(config.section("crm"));
    CrmClient client = new CrmClient(vertx, crm, meters);
    return registry
      .register(new LeadProcessHandler(leads, new LeadScorer(rules)))
      .register(new CrmSyncHandler(leads, crm, client))
      .register(new CrmDeleteHandler(crm, client))
      .register(new EmailSendHandler(leads, keys, redis, MailClient.createShared(vertx, mailConfig, "ao-smtp"),
        new EmailTemplates(email.getJsonObject("templates", new JsonObject())), email.getString("from", ""),
        !smtp.getString("host", "").isBlank()));
  }
}

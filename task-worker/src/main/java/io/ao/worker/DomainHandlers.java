package io.ao.worker;

import io.ao.shared.config.AppConfig;
import io.ao.shared.config.CrmConfig;
import io.ao.shared.config.EmailConfig;
import io.ao.shared.config.SmtpConfig;
import io.ao.shared.email.EmailTemplateStore;
import io.ao.shared.leads.LeadKeys;
import io.ao.shared.leads.LeadRecords;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.workflows.WorkflowKeys;
import io.ao.worker.crm.CrmDeleteHandler;
import io.ao.worker.crm.CrmProvider;
import io.ao.worker.crm.CrmProviders;
import io.ao.worker.crm.CrmSyncHandler;
import io.ao.worker.email.EmailSendHandler;
import io.ao.worker.email.EmailTemplates;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.leads.LeadProcessHandler;
import io.ao.worker.leads.LeadScorer;
import io.ao.worker.webhooks.WebhookHandlers;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.redis.client.Redis;

/** The product's task handlers (leads, CRM, email, webhooks), wired from the configuration. */
public final class DomainHandlers {

  private static final String UNUSED_SMTP_HOST = "127.0.0.1";

  private DomainHandlers() {}

  public static HandlerRegistry register(
      HandlerRegistry registry, Vertx vertx, Redis redis, AppConfig config, MeterRegistry meters) {
    // Leads live under the hash tag of the queue their tasks use: the first configured queue (as in
    // the API).
    LeadKeys keys =
        new LeadKeys(new QueueKeys(config.redis().keyPrefix(), config.queue().queues().get(0)));
    LeadRecords leads = new LeadRecords(redis, keys);
    EmailConfig email = config.email();
    SmtpConfig smtp = email.smtp();
    // The mail client wants a host even when no mail is sent (email steps are skipped then).
    MailConfig mailConfig =
        new MailConfig()
            .setHostname(smtp.configured() ? smtp.host() : UNUSED_SMTP_HOST)
            .setPort(smtp.port())
            .setSsl(smtp.ssl())
            .setStarttls(StartTLSOptions.OPTIONAL);
    if (smtp.authenticates()) {
      mailConfig.setUsername(smtp.username()).setPassword(smtp.password());
    }
    CrmConfig crm = config.crm();
    CrmProvider client = CrmProviders.create(vertx, redis, config.redis().keyPrefix(), crm, meters);
    return registry
        .register(new LeadProcessHandler(leads, new LeadScorer(config.scoring().rules())))
        .register(new CrmSyncHandler(leads, crm, client))
        .register(new CrmDeleteHandler(crm, client))
        .register(WebhookHandlers.from(vertx, redis, config))
        .register(
            new EmailSendHandler(
                leads,
                keys,
                redis,
                MailClient.createShared(vertx, mailConfig, "ao-smtp"),
                new EmailTemplates(
                    new EmailTemplateStore(redis, new WorkflowKeys(keys.queue())),
                    email.templates()),
                email.from(),
                smtp.configured(),
                email.followupWindow(),
                meters));
  }
}

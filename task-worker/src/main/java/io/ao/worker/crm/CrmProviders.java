package io.ao.worker.crm;

import io.ao.shared.config.CrmConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

/** Builds the configured {@code crm.provider} on one transport and the account's shared limiter. */
public final class CrmProviders {

  private CrmProviders() {}

  /**
   * The provider for {@code settings}; refuses a configured CRM whose secrets are missing (they
   * have no defaults), naming the keys and the variables that set them.
   */
  public static CrmProvider create(
      Vertx vertx, Redis redis, String keyPrefix, CrmConfig settings, MeterRegistry meters) {
    if (!settings.missingSecrets().isEmpty()) {
      throw new IllegalStateException(
          "crm.provider "
              + settings.provider()
              + " needs "
              + String.join(", ", settings.missingSecrets()));
    }
    CrmAccountLimiter limiter =
        new CrmAccountLimiter(
            redis,
            keyPrefix,
            settings.account(),
            settings.rateLimit(),
            settings.timeoutMs() + 1_000);
    CrmTransport transport = new CrmTransport(vertx, settings, limiter, meters);
    switch (settings.provider()) {
      case CrmConfig.HUBSPOT:
        return new HubSpotCrm(settings, transport);
      case CrmConfig.SALESFORCE:
        return new SalesforceCrm(
            settings,
            transport,
            new SalesforceTokens(
                transport.client(),
                settings.salesforce(),
                settings.timeoutMs(),
                System::currentTimeMillis));
      case CrmConfig.PIPEDRIVE:
        return new PipedriveCrm(settings, transport);
      default:
        return new GenericCrm(settings, transport);
    }
  }
}

package io.ao.api.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The security stream's fill and drops for Prometheus, from the last write or count this instance
 * saw (both are cluster-wide figures, so take the max over instances, not the sum). README
 * "Alerts": back up when fullness nears 1; any growth of the dropped figure means entries lost.
 */
public final class AuditGauges {

  private final AtomicLong held = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  public AuditGauges(MeterRegistry registry, long securityMaxEntries) {
    Gauge.builder("ao_audit_security_fullness", held, h -> (double) h.get() / securityMaxEntries)
        .description(
            "Security audit entries held over audit.security_max_entries; back up before it is 1")
        .register(registry);
    Gauge.builder("ao_audit_security_dropped_entries", dropped, AtomicLong::get)
        .description("Security audit entries ever dropped unbacked at the hard cap (all instances)")
        .register(registry);
  }

  void security(long heldNow, long droppedEver) {
    held.set(heldNow);
    dropped.set(droppedEver);
  }
}

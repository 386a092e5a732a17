package io.ao.api.http;

import io.ao.shared.config.HttpConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caps on open connections and the counts against them, one object for the whole process: every
 * HTTP verticle accepts on the same port, so counts kept per verticle would let a client multiply
 * each cap by the number of event loops. Thread-safe, as each verticle calls it from its own event
 * loop.
 *
 * <p>A connection is counted against its TCP peer address, never X-Forwarded-For (anyone can write
 * that header, and no header has been read when a connection opens). Trusted proxies are exempt
 * from the per-address cap: behind an ingress every client arrives from the proxy's few addresses;
 * the total cap still holds for them.
 */
public final class ConnectionLimits {

  /** What {@link #admit} decided. */
  public enum Admission {
    ADMITTED,
    OVER_ADDRESS_CAP,
    OVER_TOTAL_CAP
  }

  private final int maxPerAddress;
  private final int maxTotal;
  private final Set<String> exemptAddresses;
  private final AtomicInteger open = new AtomicInteger();
  // an address leaves the map with its last connection, so the map holds only open peers
  private final ConcurrentHashMap<String, Integer> openByAddress = new ConcurrentHashMap<>();

  public ConnectionLimits(int maxPerAddress, int maxTotal, Set<String> exemptAddresses) {
    this.maxPerAddress = maxPerAddress;
    this.maxTotal = maxTotal;
    this.exemptAddresses = Set.copyOf(exemptAddresses);
  }

  public static ConnectionLimits from(HttpConfig http) {
    return new ConnectionLimits(
        http.maxConnectionsPerAddress(), http.maxConnections(), Set.copyOf(http.trustedProxies()));
  }

  /** Registers the open-connections gauge. */
  public ConnectionLimits withGauge(MeterRegistry registry) {
    Gauge.builder("ao_http_connections", open, AtomicInteger::get)
        .description("Open connections to the API port, all HTTP verticles together")
        .register(registry);
    return this;
  }

  /**
   * Counts a new connection from {@code address} if both caps leave room; otherwise counts nothing
   * and the caller closes it. Every {@link Admission#ADMITTED} needs exactly one {@link #release}.
   */
  public Admission admit(String address) {
    if (open.incrementAndGet() > maxTotal) {
      open.decrementAndGet();
      return Admission.OVER_TOTAL_CAP;
    }
    if (exemptAddresses.contains(address)) {
      return Admission.ADMITTED;
    }
    boolean[] counted = {false};
    openByAddress.compute(
        address,
        (peer, count) -> {
          int held = count == null ? 0 : count;
          if (held >= maxPerAddress) {
            return count;
          }
          counted[0] = true;
          return held + 1;
        });
    if (!counted[0]) {
      open.decrementAndGet();
      return Admission.OVER_ADDRESS_CAP;
    }
    return Admission.ADMITTED;
  }

  /** An admitted connection from {@code address} closed. */
  public void release(String address) {
    if (!exemptAddresses.contains(address)) {
      openByAddress.computeIfPresent(address, (peer, count) -> count == 1 ? null : count - 1);
    }
    open.decrementAndGet();
  }

  public int open() {
    return open.get();
  }

  public int openFrom(String address) {
    return openByAddress.getOrDefault(address, 0);
  }
}

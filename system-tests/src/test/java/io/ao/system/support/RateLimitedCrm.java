package io.ao.system.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A generic-shape CRM (POST /api/leads → 201 {id}, PUT /api/leads/{id} → 200) that allows {@code
 * perSecond} requests in each second of its clock and answers 429 with Retry-After above that, as a
 * CRM that throttles the whole account does. It counts every request it sees, per second of
 * arrival, and when each 429 was sent.
 */
public final class RateLimitedCrm {

  /** What one second of the stand-in's clock saw. */
  public record Second(long epochSecond, int seen, int refused) {}

  private final int perSecond;
  private final TreeMap<Long, int[]> seconds = new TreeMap<>();
  private final List<Long> refusals = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong(1);
  private final List<Long> arrivals = new ArrayList<>();
  private int refuseNumber = -1;
  private int refuseRetryAfterSeconds = 1;
  private HttpServer server;

  public RateLimitedCrm(int perSecond) {
    this.perSecond = perSecond;
  }

  public Future<RateLimitedCrm> start(Vertx vertx) {
    return vertx
        .createHttpServer()
        .requestHandler(this::handle)
        .listen(0, "127.0.0.1")
        .map(
            started -> {
              server = started;
              return this;
            });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    long now = System.currentTimeMillis();
    long second = now / 1000;
    boolean refused;
    synchronized (this) {
      int[] counts = seconds.computeIfAbsent(second, s -> new int[2]);
      counts[0]++;
      arrivals.add(now);
      refused = counts[0] > perSecond || arrivals.size() == refuseNumber;
      if (refused) {
        counts[1]++;
        refusals.add(now);
      }
    }
    request.body();
    if (refused) {
      request
          .response()
          .setStatusCode(429)
          .putHeader("Retry-After", Integer.toString(retryAfterSeconds()))
          .putHeader("Content-Type", "application/json")
          .end("{\"error\":\"rate limit exceeded for this account\"}");
      return;
    }
    boolean create = request.method().name().equals("POST");
    request
        .response()
        .setStatusCode(create ? 201 : 200)
        .putHeader("Content-Type", "application/json")
        .end("{\"id\":\"crm-" + (create ? ids.getAndIncrement() : 0) + "\"}");
  }

  /**
   * The {@code number}th request (1-based) is answered 429 with Retry-After {@code seconds}
   * whatever the rate: a CRM throttling the account for reasons of its own.
   */
  public synchronized void refuseRequest(int number, int seconds) {
    refuseNumber = number;
    refuseRetryAfterSeconds = seconds;
  }

  private synchronized int retryAfterSeconds() {
    return refuseNumber > 0 ? refuseRetryAfterSeconds : 1;
  }

  /** When each request arrived (ms), in order. */
  public synchronized List<Long> arrivals() {
    return new ArrayList<>(arrivals);
  }

  /** When each 429 was sent (ms), in order. */
  public synchronized List<Long> refusals() {
    return new ArrayList<>(refusals);
  }

  /** Every second from the first request to the last, quiet ones included. */
  public synchronized List<Second> seconds() {
    List<Second> result = new ArrayList<>();
    if (seconds.isEmpty()) {
      return result;
    }
    for (long s = seconds.firstKey(); s <= seconds.lastKey(); s++) {
      int[] counts = seconds.getOrDefault(s, new int[2]);
      result.add(new Second(s, counts[0], counts[1]));
    }
    return result;
  }

  /**
   * The 429s grouped into pauses: a 429 starts a pause of Retry-After (1 s); a 429 inside a pause
   * belongs to it. Answers the number of 429s in each pause, in order.
   */
  public synchronized List<Integer> refusalsPerPause() {
    List<Integer> perPause = new ArrayList<>();
    long pauseEnd = Long.MIN_VALUE;
    for (long at : refusals) {
      if (at < pauseEnd) {
        perPause.set(perPause.size() - 1, perPause.get(perPause.size() - 1) + 1);
      } else {
        perPause.add(1);
        pauseEnd = at + 1000;
      }
    }
    return perPause;
  }

  public synchronized Map<Long, int[]> raw() {
    return new TreeMap<>(seconds);
  }
}

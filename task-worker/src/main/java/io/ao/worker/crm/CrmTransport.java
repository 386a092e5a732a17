package io.ao.worker.crm;

import io.ao.shared.config.CrmConfig;
import io.ao.worker.handlers.TaskDeferral;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How every provider's request travels: (1) a permit from the account's shared budget, else the
 * task is deferred; (2) the request, through the circuit breaker, which 5xx, 408 and timeouts count
 * against (they fail and are retried); (3) the provider reads the answer's rate-limit signals: a
 * pause for the whole account, and for a refused request the task deferred until the pause ends (no
 * attempt spent); (4) the permit given back. Any other answer goes back to the provider.
 */
public final class CrmTransport {

  private final WebClient client;
  private final CircuitBreaker breaker;
  private final CrmAccountLimiter limiter;
  private final long timeoutMs;
  private final LongSupplier clock;
  private final Counter pauses;
  private final Counter refusedForRate;

  public CrmTransport(
      Vertx vertx, CrmConfig settings, CrmAccountLimiter limiter, MeterRegistry meters) {
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) settings.timeoutMs())
                .setIdleTimeout(60)
                .setUserAgent("automation-orchestrator"));
    this.breaker =
        CircuitBreaker.create(
            "crm",
            vertx,
            new CircuitBreakerOptions()
                .setMaxFailures(settings.breakerMaxFailures())
                .setTimeout(settings.timeoutMs() + 1_000)
                .setResetTimeout(settings.breakerResetMs()));
    this.limiter = limiter;
    this.timeoutMs = settings.timeoutMs();
    this.clock = System::currentTimeMillis;
    Counter opened =
        Counter.builder("ao_crm_circuit_opened_total")
            .description("Times the CRM circuit breaker opened")
            .register(meters);
    breaker.openHandler(v -> opened.increment());
    Gauge.builder(
            "ao_crm_circuit_open", breaker, b -> b.state() == CircuitBreakerState.OPEN ? 1 : 0)
        .description("1 while the CRM circuit breaker is open")
        .register(meters);
    this.pauses =
        Counter.builder("ao_crm_account_paused_total")
            .description("Times this worker paused the CRM account on the CRM's rate-limit signal")
            .register(meters);
    this.refusedForRate =
        Counter.builder("ao_crm_rate_limited_total")
            .description("CRM answers that refused a request for the rate limit (429 and alike)")
            .register(meters);
  }

  public WebClient client() {
    return client;
  }

  public long timeoutMs() {
    return timeoutMs;
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  /**
   * Sends one request for {@code taskId} as the class comment says; completes with any answer below
   * 500 that is not a rate-limit refusal, for the provider to read.
   */
  public Future<HttpResponse<Buffer>> exchange(
      String taskId,
      Supplier<Future<HttpResponse<Buffer>>> send,
      Function<HttpResponse<Buffer>, RateSignal> signals) {
    // The permit is given back only after a pause is recorded, so that no other call slips in
    // between the CRM's 429 and the pause.
    return limiter
        .acquire(taskId)
        .compose(
            permit ->
                breaker
                    .<HttpResponse<Buffer>>execute(() -> send.get().compose(this::failIfUnwell))
                    .compose(response -> obey(response, signals.apply(response)))
                    .eventually(
                        () ->
                            limiter.release(permit).recover(ignored -> Future.succeededFuture())));
  }

  private Future<HttpResponse<Buffer>> failIfUnwell(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    return status >= 500 || status == 408
        ? Future.failedFuture("CRM answered " + status + ": " + CrmAnswers.excerpt(response))
        : Future.succeededFuture(response);
  }

  private Future<HttpResponse<Buffer>> obey(HttpResponse<Buffer> response, RateSignal signal) {
    if (signal == null) {
      return Future.succeededFuture(response);
    }
    if (signal.refused()) {
      refusedForRate.increment();
    }
    long until = limiter.capped(Math.max(signal.untilMs(), clock.getAsLong() + 1));
    return limiter
        .pause(until, signal.reason())
        .map(
            started -> {
              if (started) {
                pauses.increment();
              }
              return started;
            })
        .transform(
            paused ->
                signal.refused()
                    ? Future.failedFuture(
                        new TaskDeferral(until, "CRM account paused: " + signal.reason()))
                    : Future.succeededFuture(response));
  }
}

package io.ao.worker.crm;

import io.ao.shared.config.CrmConfig;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Calls the CRM's REST API through a circuit breaker. Every call carries an Idempotency-Key (the
 * task id), so a redelivered task creates nothing twice. A 4xx that no retry can fix (not 408/429)
 * fails the task at once with the CRM's message; 5xx, timeouts and refused connections are retried,
 * and enough of them open the breaker so that calls fail fast while the CRM is down.
 */
public final class CrmClient {

  private final CrmConfig settings;
  private final WebClient client;
  private final CircuitBreaker breaker;

  public CrmClient(Vertx vertx, CrmConfig settings, MeterRegistry meters) {
    this.settings = settings;
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
    Counter opened =
        Counter.builder("ao_crm_circuit_opened_total")
            .description("Times the CRM circuit breaker opened")
            .register(meters);
    breaker.openHandler(v -> opened.increment());
    Gauge.builder(
            "ao_crm_circuit_open", breaker, b -> b.state() == CircuitBreakerState.OPEN ? 1 : 0)
        .description("1 while the CRM circuit breaker is open")
        .register(meters);
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  /** Creates the lead in the CRM; completes with the CRM's id for it. */
  public Future<String> create(JsonObject body, String idempotencyKey) {
    return call(HttpMethod.POST, settings.createEndpoint(), body, idempotencyKey)
        .map(
            response -> {
              JsonObject created = response.bodyAsJsonObject();
              Object id = created == null ? null : created.getValue(settings.idField());
              if (id == null) {
                throw new PermanentTaskFailure(
                    "CRM answered "
                        + response.statusCode()
                        + " without '"
                        + settings.idField()
                        + "'");
              }
              return String.valueOf(id);
            });
  }

  public Future<Void> update(String crmId, JsonObject body, String idempotencyKey) {
    return call(HttpMethod.PUT, withId(settings.updateEndpoint(), crmId), body, idempotencyKey)
        .mapEmpty();
  }

  /** Deletes; a CRM that no longer knows the lead (404) counts as done. */
  public Future<Void> delete(String crmId, String idempotencyKey) {
    return call(HttpMethod.DELETE, withId(settings.deleteEndpoint(), crmId), null, idempotencyKey)
        .<Void>mapEmpty()
        .recover(
            failure ->
                failure instanceof PermanentTaskFailure
                        && failure.getMessage().startsWith("CRM answered 404")
                    ? Future.<Void>succeededFuture()
                    : Future.<Void>failedFuture(failure));
  }

  private Future<HttpResponse<Buffer>> call(
      HttpMethod method, String path, JsonObject body, String idempotencyKey) {
    // Inside the breaker a permanent 4xx is a "success" (the CRM is up); it fails the task outside.
    Future<HttpResponse<Buffer>> attempt =
        breaker.execute(
            () ->
                send(method, path, body, idempotencyKey)
                    .compose(
                        response ->
                            response.statusCode() >= 500
                                    || response.statusCode() == 408
                                    || response.statusCode() == 429
                                ? Future.failedFuture(
                                    "CRM answered "
                                        + response.statusCode()
                                        + ": "
                                        + excerpt(response))
                                : Future.succeededFuture(response)));
    return attempt.compose(
        response ->
            response.statusCode() >= 400
                ? Future.failedFuture(
                    new PermanentTaskFailure(
                        "CRM answered " + response.statusCode() + ": " + excerpt(response)))
                : Future.succeededFuture(response));
  }

  private Future<HttpResponse<Buffer>> send(
      HttpMethod method, String path, JsonObject body, String idempotencyKey) {
    HttpRequest<Buffer> request =
        client
            .requestAbs(method, settings.baseUrl() + path)
            .timeout(settings.timeoutMs())
            .putHeader("Idempotency-Key", idempotencyKey)
            .putHeader("Accept", "application/json");
    if (!settings.authToken().isEmpty()) {
      request.putHeader(settings.authHeader(), settings.authToken());
    }
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  private static String withId(String endpoint, String crmId) {
    return endpoint.replace("{id}", URLEncoder.encode(crmId, StandardCharsets.UTF_8));
  }

  /** The CRM's own words, shortened, for the task's last_error. */
  private static String excerpt(HttpResponse<Buffer> response) {
    String text = response.bodyAsString();
    if (text == null || text.isBlank()) {
      return response.statusMessage();
    }
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}

package io.ao.loadtest.observe;

import io.ao.loadtest.scenario.Session;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a {@link WorkerSnapshot}: /health/detailed through an operator's (or admin's) session, and
 * the worker's Prometheus endpoint when one was given. A source that does not answer leaves its
 * part empty with the reason; a snapshot never fails.
 */
public final class WorkerProbe {

  static final String TASKS_METRIC = "ao_worker_tasks_total";

  private final Session operator;
  private final HttpClient client;
  private final Optional<URI> metrics;

  public WorkerProbe(Session operator, HttpClient client, Optional<URI> metrics) {
    this.operator = operator;
    this.client = client;
    this.metrics = metrics;
  }

  public Future<WorkerSnapshot> read() {
    long at = System.currentTimeMillis();
    Future<Session.Reply> health = operator.send(HttpMethod.GET, "/health/detailed", null);
    Future<String> scrape =
        metrics
            .map(this::scrape)
            .orElse(Future.failedFuture("not read: no --worker-metrics URL given"));
    return Future.join(health, scrape)
        .transform(
            joined -> {
              String healthError = null;
              JsonObject detailed = null;
              if (health.failed()) {
                healthError = "/health/detailed did not answer: " + health.cause().getMessage();
              } else if (health.result().status() != 200) {
                healthError = "/health/detailed answered " + health.result().status();
              } else {
                detailed = health.result().json();
              }
              Map<WorkerSnapshot.TaskKey, Double> tasks = null;
              String metricsError = null;
              if (scrape.succeeded()) {
                tasks = tasks(scrape.result());
              } else {
                metricsError = scrape.cause().getMessage();
              }
              return Future.succeededFuture(
                  new WorkerSnapshot(at, detailed, healthError, tasks, metricsError));
            });
  }

  private Future<String> scrape(URI url) {
    return client
        .request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString()))
        .compose(request -> request.send())
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        body ->
                            response.statusCode() == 200
                                ? Future.succeededFuture(body.toString())
                                : Future.failedFuture(url + " answered " + response.statusCode())))
        .recover(
            failure ->
                Future.failedFuture(
                    failure.getMessage() != null && failure.getMessage().startsWith(url.toString())
                        ? failure.getMessage()
                        : url + " did not answer: " + failure.getMessage()));
  }

  static Map<WorkerSnapshot.TaskKey, Double> tasks(String exposition) {
    Map<WorkerSnapshot.TaskKey, Double> tasks = new TreeMap<>();
    for (PrometheusText.Sample sample : PrometheusText.samples(exposition, TASKS_METRIC)) {
      tasks.merge(
          new WorkerSnapshot.TaskKey(
              sample.labels().getOrDefault("type", "?"),
              sample.labels().getOrDefault("outcome", "?")),
          sample.value(),
          Double::sum);
    }
    return tasks;
  }
}

package io.ao.chaos;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The steady traffic every fault runs under: lead writes and lead_intake workflow triggers in turn,
 * at a fixed rate, each with an email of its own, so every answer can be checked against Redis, the
 * CRM and the mailbox afterwards. Like a client behind a load balancer, it tries the next API
 * instance when a connection is refused (nothing was sent) and never otherwise: a request that may
 * have arrived is not sent twice.
 */
final class SteadyLoad {

  enum Kind {
    LEAD,
    WORKFLOW
  }

  /** One request as the client saw it; status -1 when no answer came (error says why). */
  record Outcome(
      Kind kind,
      String email,
      int status,
      String id,
      long sentAtMs,
      long answeredAtMs,
      String error) {
    boolean accepted() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * Below the API's drain (ChaosStack sets 3 s): every kept-alive connection is either used during
   * the drain, and answered "Connection: close", or closed here first. A longer keep-alive would
   * leave connections the stopping server closes while a request is on its way. (Not the idle
   * timeout: that one also cuts a request waiting for a slow answer.)
   */
  static final int KEEP_ALIVE_SECONDS = 1;

  private static final int CONNECT_TRIES = 40;
  private static final long RETRY_PAUSE_MS = 50;

  private final Vertx vertx;
  private final WebClient client;
  private final List<Integer> apiPorts;
  private final String bearer;
  private final String runName;
  private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicInteger nextPort = new AtomicInteger();
  private final AtomicInteger refusedConnections = new AtomicInteger();

  SteadyLoad(Vertx vertx, List<Integer> apiPorts, String bearer, String runName) {
    this.vertx = vertx;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setDefaultHost("127.0.0.1")
                .setConnectTimeout(2_000)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS),
            new PoolOptions().setHttp1MaxSize(32));
    this.apiPorts = List.copyOf(apiPorts);
    this.bearer = bearer;
    this.runName = runName;
  }

  /**
   * Sends {@code perSecond} requests a second for {@code seconds}; completes once every one is
   * answered.
   */
  Future<List<Outcome>> run(int perSecond, int seconds) {
    int total = perSecond * seconds;
    long intervalMs = Math.max(1, 1000 / perSecond);
    Promise<List<Outcome>> done = Promise.promise();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    vertx.setPeriodic(
        intervalMs,
        timer -> {
          int n = sent.getAndIncrement();
          if (n >= total) {
            vertx.cancelTimer(timer);
            return;
          }
          send(n)
              .onComplete(
                  outcome -> {
                    outcomes.add(outcome.result());
                    if (answered.incrementAndGet() == total) {
                      done.complete(new ArrayList<>(outcomes));
                    }
                  });
        });
    return done.future();
  }

  int refusedConnections() {
    return refusedConnections.get();
  }

  private Future<Outcome> send(int n) {
    Kind kind = n % 2 == 0 ? Kind.LEAD : Kind.WORKFLOW;
    String email = runName + "-" + n + "@chaos.example.com";
    JsonObject lead =
        new JsonObject()
            .put("email", email)
            .put("first_name", "Chaos")
            .put("last_name", "No" + n)
            .put("company", "Fault Injection Ltd")
            .put("source", "web_form");
    String path = kind == Kind.LEAD ? "/api/leads" : "/api/workflows";
    JsonObject body =
        kind == Kind.LEAD
            ? lead
            : new JsonObject().put("workflow", "lead_intake").put("lead", lead);
    long sentAt = System.currentTimeMillis();
    return attempt(path, body, CONNECT_TRIES)
        .transform(
            answer -> {
              long answeredAt = System.currentTimeMillis();
              if (answer.failed()) {
                return Future.succeededFuture(
                    new Outcome(
                        kind,
                        email,
                        -1,
                        null,
                        sentAt,
                        answeredAt,
                        answer.cause().getClass().getSimpleName()
                            + ": "
                            + answer.cause().getMessage()));
              }
              HttpResponse<Buffer> response = answer.result();
              String id = null;
              if (response.statusCode() / 100 == 2) {
                JsonObject json = response.bodyAsJsonObject();
                id = kind == Kind.LEAD ? json.getString("id") : json.getString("workflow_id");
              }
              return Future.succeededFuture(
                  new Outcome(
                      kind,
                      email,
                      response.statusCode(),
                      id,
                      sentAt,
                      answeredAt,
                      response.statusCode() / 100 == 2 ? null : response.bodyAsString()));
            });
  }

  private Future<HttpResponse<Buffer>> attempt(String path, JsonObject body, int triesLeft) {
    int port = apiPorts.get(Math.floorMod(nextPort.getAndIncrement(), apiPorts.size()));
    return client
        .post(port, "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + bearer)
        .timeout(15_000)
        .sendJsonObject(body)
        .recover(
            failure -> {
              if (!(failure instanceof ConnectException) || triesLeft <= 1) {
                return Future.failedFuture(failure);
              }
              refusedConnections.incrementAndGet();
              return vertx.timer(RETRY_PAUSE_MS).compose(t -> attempt(path, body, triesLeft - 1));
            });
  }
}

package io.ao.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.loadtest.model.ClosedModel;
import io.ao.loadtest.model.OpenModel;
import io.ao.loadtest.scenario.Action;
import io.ao.loadtest.scenario.Scenario;
import io.ao.loadtest.scenario.Session;
import io.ao.loadtest.stats.StatsBook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator's figures against a server whose delays are known. */
class LoadGeneratorTest {

  private Vertx vertx;
  private HttpServer server;
  private final AtomicBoolean stalled = new AtomicBoolean();
  private final AtomicInteger logins = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  switch (request.path()) {
                    case "/slow" -> vertx.setTimer(40, id -> request.response().end("slow"));
                    case "/fail" -> request.response().setStatusCode(500).end();
                    // the first two logins are refused as an overloaded server would; requests need
                    // the token
                    case "/login" ->
                        request
                            .response()
                            .setStatusCode(logins.incrementAndGet() <= 2 ? 503 : 200)
                            .end();
                    case "/private" ->
                        request
                            .response()
                            .setStatusCode(
                                "Bearer t".equals(request.getHeader("Authorization")) ? 200 : 401)
                            .end();
                    case "/stall" -> {
                      // the first request stalls the server for a second, as a GC pause or
                      // a lock would
                      long delay = stalled.compareAndSet(false, true) ? 1_000 : 1;
                      vertx.setTimer(delay, id -> request.response().end("ok"));
                    }
                    default -> request.response().end("fast");
                  }
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theClosedModelReportsKnownDelaysAndFailuresPerEndpoint() throws Exception {
    StatsBook stats = new StatsBook();
    HttpClient client =
        vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(10));
    // "unsent": an action with nothing to do (a user without a lead yet): never counted
    Scenario scenario =
        scenario(
            List.of(
                get("fast", 6, "/fast"),
                get("slow", 3, "/slow"),
                get("fail", 1, "/fail"),
                new Action(
                    "unsent",
                    3,
                    session -> Future.succeededFuture(Action.NOT_SENT),
                    Action.is2xx())));
    new ClosedModel(
            vertx, scenario, () -> new Session(client, "127.0.0.1", server.actualPort()), stats)
        .run(4, 100, 2_000, 0, 0)
        .toCompletionStage()
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);

    JsonObject summary = stats.summary(stats.elapsedSeconds());
    JsonObject slow = row(summary, "slow");
    JsonObject fast = row(summary, "fast");
    JsonObject fail = row(summary, "fail");
    assertThat(slow.getDouble("p50_ms")).isBetween(40.0, 60.0);
    assertThat(slow.getDouble("max_ms")).isGreaterThanOrEqualTo(40.0);
    assertThat(fast.getDouble("p50_ms")).isLessThan(40.0);
    assertThat(fail.getLong("failures")).isEqualTo(fail.getLong("requests")).isPositive();
    assertThat(fast.getLong("failures")).isZero();
    assertThat(summary.encode())
        .as("requests never sent are not in the report")
        .doesNotContain("unsent");
    long actions = fast.getLong("requests") + slow.getLong("requests") + fail.getLong("requests");
    assertThat(summary.getJsonObject("total").getLong("requests"))
        .as("set-up kept out of All")
        .isEqualTo(actions);
    assertThat(row(summary, "user set-up").getLong("requests"))
        .as("one set-up per user")
        .isEqualTo(4);
    assertThat(slow.getLong("requests"))
        .as("weights 6:3:1 by count, roughly")
        .isLessThan(fast.getLong("requests"));
  }

  @Test
  void theOpenModelChargesAStallToEveryRequestThatShouldHaveGoneOutMeanwhile() throws Exception {
    StatsBook stats = new StatsBook();
    // one connection: requests queue behind the stalled one, as they would behind a slow server
    HttpClient client =
        vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(1));
    Scenario scenario = scenario(List.of(get("stall", 1, "/stall")));
    new OpenModel(
            vertx, scenario, List.of(new Session(client, "127.0.0.1", server.actualPort())), stats)
        .run(100, 3_000)
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);

    var histogram = stats.endpoint("stall").total();
    assertThat(histogram.getTotalCount()).isEqualTo(300);
    // ~100 requests were due during the 1 s stall; measured from their intended send, each waited
    long delayed = 0;
    for (var value : histogram.recordedValues()) {
      if (value.getValueIteratedTo() >= 500_000) {
        delayed += value.getCountAtValueIteratedTo();
      }
    }
    assertThat(delayed).as("requests charged with at least 500 ms").isGreaterThanOrEqualTo(40);
    assertThat(histogram.getValueAtPercentile(99) / 1000).isGreaterThanOrEqualTo(900);
  }

  @Test
  void aUserWhoseLoginFailedLogsInAgainInsteadOfSendingItsMixUnauthenticated() throws Exception {
    StatsBook stats = new StatsBook();
    HttpClient client =
        vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(2));
    Scenario scenario =
        scenario(
            List.of(get("private", 1, "/private")),
            session ->
                session
                    .send(HttpMethod.POST, "/login", null)
                    .map(
                        reply -> {
                          if (reply.status() == 200) {
                            session.token("t");
                          }
                          return reply.status();
                        }));
    new ClosedModel(
            vertx, scenario, () -> new Session(client, "127.0.0.1", server.actualPort()), stats)
        .run(1, 0, 4_000, 0, 0)
        .toCompletionStage()
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);

    JsonObject summary = stats.summary(stats.elapsedSeconds());
    JsonObject setup = row(summary, "user set-up");
    assertThat(setup.getLong("requests"))
        .as("two refused logins, then one that worked")
        .isEqualTo(3);
    assertThat(setup.getLong("failures")).isEqualTo(2);
    assertThat(row(summary, "private").getLong("requests")).isPositive();
    assertThat(row(summary, "private").getLong("failures"))
        .as("no request went out without the token")
        .isZero();
  }

  private static JsonObject row(JsonObject summary, String name) {
    return summary.getJsonArray("endpoints").stream()
        .map(r -> (JsonObject) r)
        .filter(r -> r.getString("name").equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Action get(String name, int weight, String path) {
    return new Action(
        name,
        weight,
        session -> session.send(HttpMethod.GET, path, null).map(Session.Reply::status),
        Action.is2xx());
  }

  private static Scenario scenario(List<Action> actions) {
    return scenario(actions, session -> Future.succeededFuture(200));
  }

  private static Scenario scenario(List<Action> actions, Function<Session, Future<Integer>> setUp) {
    return new Scenario() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public Future<Integer> start(Session session) {
        return setUp.apply(session);
      }

      @Override
      public List<Action> actions() {
        return actions;
      }
    };
  }
}

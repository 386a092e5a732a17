package io.ao.loadtest.calibrate;

import io.ao.loadtest.model.ClosedModel;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.List;

/**
 * The box's ceiling, measured by the same generator in the same run: a trivial Vert.x server in
 * this JVM answering /hello (static), /get (one Redis GET) and /xadd (one XADD), each driven by
 * {@code users} users without think time.
 */
public final class Calibration {

  private final Vertx vertx;
  private final String redisUrl;

  public Calibration(Vertx vertx, String redisUrl) {
    this.vertx = vertx;
    this.redisUrl = redisUrl;
  }

  public Future<JsonObject> run(int users, long secondsEach) {
    Redis redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(redisUrl)
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(10_000));
    return redis
        .send(Request.cmd(Command.SET).arg("ao:calibrate:key").arg("value"))
        .compose(
            set ->
                vertx
                    .createHttpServer()
                    .requestHandler(
                        request -> {
                          switch (request.path()) {
                            case "/get" ->
                                redis
                                    .send(Request.cmd(Command.GET).arg("ao:calibrate:key"))
                                    .onComplete(
                                        reply ->
                                            request
                                                .response()
                                                .end(reply.succeeded() ? "ok" : "error"));
                            case "/xadd" ->
                                redis
                                    .send(
                                        Request.cmd(Command.XADD)
                                            .arg("ao:calibrate:stream")
                                            .arg("MAXLEN")
                                            .arg("~")
                                            .arg(10_000)
                                            .arg("*")
                                            .arg("f")
                                            .arg("v"))
                                    .onComplete(
                                        reply ->
                                            request
                                                .response()
                                                .end(reply.succeeded() ? "ok" : "error"));
                            default -> request.response().end("{\"hello\":\"world\"}");
                          }
                        })
                    .listen(0, "127.0.0.1"))
        .compose(
            server ->
                measure(server, users, secondsEach, "/hello", new JsonArray())
                    .compose(rows -> measure(server, users, secondsEach, "/get", rows))
                    .compose(rows -> measure(server, users, secondsEach, "/xadd", rows))
                    .eventually(() -> server.close().eventually(redis::close)))
        .map(
            rows ->
                new JsonObject()
                    .put("users", users)
                    .put("seconds_each", secondsEach)
                    .put("endpoints", rows));
  }

  private Future<JsonArray> measure(
      HttpServer server, int users, long seconds, String path, JsonArray rows) {
    HttpClient client =
        vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(users));
    StatsBook stats = new StatsBook();
    Action action =
        new Action(
            path,
            1,
            session -> session.send(HttpMethod.GET, path, null).map(Session.Reply::status),
            Action.is2xx());
    Scenario scenario =
        new Scenario() {
          @Override
          public String name() {
            return "calibrate";
          }

          @Override
          public Future<Integer> start(Session session) {
            return Future.succeededFuture(200);
          }

          @Override
          public List<Action> actions() {
            return List.of(action);
          }
        };
    long started = System.nanoTime();
    return new ClosedModel(
            vertx, scenario, () -> new Session(client, "127.0.0.1", server.actualPort()), stats)
        .run(users, 0, seconds * 1000, 0, 0)
        .map(
            done ->
                rows.add(
                    stats.summaryOf(stats.endpoint(path), (System.nanoTime() - started) / 1e9)))
        .eventually(client::close);
  }
}

package io.ao.api.health;

import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.GET;

import io.ao.api.ApiDependencies;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.shared.queue.QueueInspector;
import io.ao.shared.queue.QueueStats;
import io.ao.shared.redis.RedisPlacement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * /health stays 200 (degraded when Redis is down or a queue is deep) so liveness never flaps;
 * /health/ready is what load balancers use: 503 while Redis is unreachable or the instance drains;
 * /health/detailed reads live figures for operators.
 */
public final class HealthRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);

  private final ApiDependencies deps;
  private final QueueInspector inspector;

  public HealthRoutes(ApiDependencies deps) {
    this.deps = deps;
    this.inspector = new QueueInspector(deps.redis());
  }

  public void health(RoutingContext ctx) {
    boolean redisUp = deps.monitor().isUp();
    long depth = deps.monitor().totalDepth();
    boolean degraded = !redisUp || depth > deps.config().monitoring().queueDepthWarn();
    Responses.json(
        ctx,
        200,
        new JsonObject()
            .put("status", degraded ? "degraded" : "healthy")
            .put("version", deps.version())
            .put("redis", redisUp ? "ready" : "unavailable")
            .put("queue_depth", depth));
  }

  public void live(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("status", "alive"));
  }

  public void ready(RoutingContext ctx) {
    boolean draining = deps.draining().get();
    boolean redisUp = deps.monitor().isUp();
    boolean ready = redisUp && !draining;
    Responses.json(
        ctx,
        ready ? 200 : 503,
        new JsonObject()
            .put("status", ready ? "ready" : draining ? "draining" : "redis_unavailable")
            .put("redis", placement()));
  }

  public void detailed(RoutingContext ctx) {
    long started = System.nanoTime();
    Future<String> serverVersion =
        deps.redis()
            .send(Request.cmd(Command.INFO).arg("server"))
            .map(info -> field(info.toString(), "redis_version"));
    List<Future<QueueStats>> stats = new ArrayList<>();
    deps.queues().all().forEach(queue -> stats.add(inspector.stats(queue.partitions())));
    List<Future<List<JsonObject>>> workers = new ArrayList<>();
    long now = System.currentTimeMillis();
    long staleAfter = deps.config().worker().heartbeatIntervalMs() * 3;
    deps.queues()
        .all()
        .forEach(
            queue -> workers.add(deps.workers().live(queue.partitions().home(), now, staleAfter)));

    List<Future<?>> all = new ArrayList<>(stats);
    all.addAll(workers);
    all.add(serverVersion);
    Future.all(all)
        .onSuccess(
            done -> {
              long latencyMicros = (System.nanoTime() - started) / 1_000;
              JsonArray queues = new JsonArray();
              long warn = deps.config().monitoring().queueDepthWarn();
              boolean deep = false;
              for (Future<QueueStats> queue : stats) {
                queues.add(queue.result().toJson().put("depth_warn", warn));
                deep |= queue.result().depth() > warn;
              }
              JsonArray live = new JsonArray();
              workers.forEach(list -> list.result().forEach(live::add));
              Responses.json(
                  ctx,
                  200,
                  new JsonObject()
                      .put("status", deep ? "degraded" : "healthy")
                      .put("version", deps.version())
                      .put(
                          "uptime_seconds", (System.currentTimeMillis() - deps.startedAt()) / 1_000)
                      .put("draining", deps.draining().get())
                      .put(
                          "redis",
                          placement()
                              .put("status", "ready")
                              .put("server_version", serverVersion.result())
                              .put("ping_ms", deps.monitor().pingMicros() / 1_000.0)
                              .put("round_trip_ms", latencyMicros / 1_000.0))
                      .put("queues", queues)
                      .put("workers", live));
            })
        .onFailure(
            failure -> {
              LOG.warn("detailed health: Redis figures unavailable: {}", failure.toString());
              Responses.json(
                  ctx,
                  200,
                  new JsonObject()
                      .put("status", "degraded")
                      .put("version", deps.version())
                      .put(
                          "uptime_seconds", (System.currentTimeMillis() - deps.startedAt()) / 1_000)
                      .put("draining", deps.draining().get())
                      .put(
                          "redis",
                          placement()
                              .put("status", "unavailable")
                              .put("error", "Redis did not answer"))
                      .put("queues", new JsonArray())
                      .put("workers", new JsonArray()));
            });
  }

  /**
   * The mode, the role of the node reached and, in sentinel mode, the master the Sentinels name, as
   * the health monitor last saw them.
   */
  private JsonObject placement() {
    RedisPlacement.Seen seen = deps.monitor().placement();
    if (seen == null) {
      return new JsonObject().put("mode", deps.config().redis().mode());
    }
    return seen.toJson().put("min_replicas_ack", deps.config().redis().minReplicasAck());
  }

  private static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return "";
  }

  /** Mounts these routes, each public or with the least role that may call it. */
  public static void mount(RouteTable routes, ApiDependencies deps) {
    HealthRoutes health = new HealthRoutes(deps);
    routes
        .publicRoute(GET, "/health", health::health)
        .publicRoute(GET, "/health/live", health::live)
        .publicRoute(GET, "/health/ready", health::ready)
        .protectedRoute(GET, "/health/detailed", OPERATOR, health::detailed);
  }
}

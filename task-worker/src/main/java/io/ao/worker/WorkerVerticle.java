package io.ao.worker;

import io.ao.shared.queue.HistorySampler;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.QueuePartitions;
import io.ao.shared.queue.TaskQueue;
import io.ao.shared.queue.WorkerRegistry;
import io.ao.shared.redis.RedisPlacement;
import io.ao.worker.consumer.ConsumerSettings;
import io.ao.worker.consumer.QueueConsumer;
import io.ao.worker.consumer.WorkerMetrics;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.http.WorkerHttpServer;
import io.ao.worker.workflows.RunAdvancer;
import io.ao.worker.workflows.RunListingTrimmer;
import io.ao.worker.workflows.ScheduleTicker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker: a consumer per queue, the heartbeat that lists it as live, and its health/metrics
 * port. Everything runs on this verticle's event loop.
 */
public final class WorkerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);

  private final WorkerDependencies deps;
  private final List<QueueConsumer> consumers = new ArrayList<>();
  private final List<QueueKeys> queues = new ArrayList<>();
  private WorkerRegistry registry;
  private WorkerHttpServer http;
  private long heartbeatTimer = -1;
  private volatile boolean draining;
  private final long startedAt = System.currentTimeMillis();

  private ScheduleTicker schedules;
  private RunListingTrimmer listings;
  private HistorySampler history;

  public WorkerVerticle(WorkerDependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    ConsumerSettings settings = deps.settings();
    WorkerMetrics metrics = new WorkerMetrics(deps.meterRegistry());
    registry = new WorkerRegistry(deps.redis());
    // One consumer per partition, each with its share of the worker's concurrency, so the
    // worker's in-flight bound holds however many partitions a queue has.
    ConsumerSettings perPartition =
        settings.withConcurrency(
            Math.max(1, (settings.concurrency() + deps.partitions() - 1) / deps.partitions()));
    List<QueueKeys> sampled = new ArrayList<>();
    for (String name : deps.queues()) {
      QueuePartitions partitions = QueuePartitions.of(deps.keyPrefix(), name, deps.partitions());
      sampled.addAll(partitions.all());
      queues.add(partitions.home()); // workers are listed per queue, under its home partition
      for (QueueKeys keys : partitions.all()) {
        consumers.add(
            new QueueConsumer(
                vertx,
                deps.redis(),
                deps.readerClient(),
                new TaskQueue(deps.redis(), keys, settings.taskRetentionSeconds()),
                deps.handlers(),
                perPartition,
                metrics,
                deps.workflows()));
      }
    }
    if (deps.workflows() != null) {
      schedules = new ScheduleTicker(vertx, deps.workflows().engine(), System::currentTimeMillis);
      schedules.start();
      listings = new RunListingTrimmer(vertx, deps.workflows().engine().scripts());
      listings.start();
    }
    http =
        new WorkerHttpServer(
            vertx,
            deps.meterRegistry(),
            this::isReady,
            deps.placement() == null ? null : () -> deps.placement().seen().toJson());
    heartbeatTimer = vertx.setPeriodic(0, settings.heartbeatIntervalMs(), id -> beat(metrics));
    // the queues' per-minute depth (GET /api/admin/queues/history); API instances offer it too
    history = new HistorySampler(vertx, deps.redis(), sampled, System::currentTimeMillis);
    history.start();
    List<Future<?>> starting = new ArrayList<>();
    consumers.forEach(consumer -> starting.add(consumer.start()));
    starting.add(http.listen(deps.httpHost(), deps.httpPort()));
    return Future.all(starting)
        .onSuccess(
            started ->
                LOG.info(
                    "worker {} consuming {} ({} partition(s) each) with concurrency {}; handlers {}; health on :{}",
                    settings.workerId(),
                    deps.queues(),
                    deps.partitions(),
                    settings.concurrency(),
                    deps.handlers().types(),
                    http.actualPort()));
  }

  @Override
  public Future<?> stop() {
    draining = true;
    if (schedules != null) {
      schedules.stop();
      listings.stop();
    }
    vertx.cancelTimer(heartbeatTimer);
    if (history != null) {
      history.stop();
    }
    List<Future<Void>> stopping = new ArrayList<>();
    consumers.forEach(consumer -> stopping.add(consumer.stop()));
    return Future.all(stopping)
        .transform(stopped -> leaveRegistry())
        .transform(left -> http.close());
  }

  public int httpPort() {
    return http.actualPort();
  }

  private boolean isReady() {
    return !draining
        && consumers.stream().allMatch(QueueConsumer::isHealthy)
        && (deps.placement() == null || deps.placement().seen().hasMaster());
  }

  private void beat(WorkerMetrics metrics) {
    if (deps.placement() != null) {
      // the role and master for readiness, asked as often as the heartbeat writes
      deps.placement().probe(deps.settings().heartbeatIntervalMs());
    }
    int inFlight = consumers.stream().mapToInt(QueueConsumer::inFlightCount).sum();
    JsonObject figures =
        new JsonObject()
            .put("in_flight", inFlight)
            .put("processed", metrics.processed())
            .put("concurrency", deps.settings().concurrency())
            .put("started_at", startedAt)
            .put("pid", ProcessHandle.current().pid())
            .put("handlers", new JsonArray(new ArrayList<>(deps.handlers().types())).encode());
    long now = System.currentTimeMillis();
    long ttl = deps.settings().heartbeatIntervalMs() * 3;
    for (QueueKeys keys : queues) {
      registry
          .beat(keys, deps.settings().workerId(), figures, now, ttl)
          .onFailure(failure -> LOG.debug("heartbeat failed: {}", failure.getMessage()));
    }
  }

  private Future<Void> leaveRegistry() {
    List<Future<Void>> leaving = new ArrayList<>();
    queues.forEach(keys -> leaving.add(registry.leave(keys, deps.settings().workerId())));
    return Future.all(leaving).<Void>mapEmpty().otherwiseEmpty();
  }

  /** What a worker verticle is built from; shared objects are created once by WorkerMain. */
  public record WorkerDependencies(
      Redis redis,
      Redis readerClient,
      PrometheusMeterRegistry meterRegistry,
      HandlerRegistry handlers,
      ConsumerSettings settings,
      List<String> queues,
      String keyPrefix,
      int partitions,
      String httpHost,
      int httpPort,
      RunAdvancer workflows,
      RedisPlacement placement) {

    /** Without a placement probe: readiness and health do not look at roles (tests). */
    public WorkerDependencies(
        Redis redis,
        Redis readerClient,
        PrometheusMeterRegistry meterRegistry,
        HandlerRegistry handlers,
        ConsumerSettings settings,
        List<String> queues,
        String keyPrefix,
        int partitions,
        String httpHost,
        int httpPort,
        RunAdvancer workflows) {
      this(
          redis,
          readerClient,
          meterRegistry,
          handlers,
          settings,
          queues,
          keyPrefix,
          partitions,
          httpHost,
          httpPort,
          workflows,
          null);
    }
  }
}

package io.ao.system.k8s;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.BuiltInDefaults;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.PartitionedQueue;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.QueuePartitions;
import io.ao.system.k8s.KedaModel.Factor;
import io.ao.system.k8s.KedaModel.Rules;
import io.ao.system.k8s.KedaModel.Trigger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What KEDA and the HPA do with the rendered worker autoscaler for a real queue on a real Redis:
 * idle, a backlog of 10,000 tasks, saturation; how fast it gets there and back; the CPU HPA
 * fallback; and the old trigger's defect. {@link KedaModel} says where each formula comes from.
 */
@ExtendWith(RedisServerExtension.class)
@SuppressWarnings("unchecked")
class WorkerScalingTest {

  /** The prod overlay with queue.partitions 3 and its three triggers (src/test/resources). */
  private static final Path PARTITIONED =
      Path.of("src", "test", "resources", "k8s", "prod-3-partitions").toAbsolutePath();

  private static final int BACKLOG = 10_000;

  private final LocalRedisServer server;
  private Vertx vertx;
  private Redis redis;

  WorkerScalingTest(LocalRedisServer server) {
    this.server = server;
  }

  @BeforeEach
  void connect() {
    vertx = Vertx.vertx();
    redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(server.url())
                .setMaxPoolSize(8)
                .setMaxPoolWaiting(10_000));
    await(redis.send(Request.cmd(Command.FLUSHALL)));
  }

  @AfterEach
  void close() {
    redis.close();
    await(vertx.close());
  }

  // ---- the triggers: what they read and their threshold ----------------------------------

  @Test
  void theProdTriggersReadEveryPartitionStreamsLengthAgainstTheWorkersConcurrency() {
    checkTriggers(RenderedManifests.of("prod"), "prod");
    assumeTrue(
        RenderedManifests.kubectlAvailable(), "kubectl is not on PATH: 3 partitions skipped");
    checkTriggers(objects(RenderedManifests.render(PARTITIONED)), "prod, 3 partitions");
  }

  private static void checkTriggers(List<Map<String, Object>> objects, String what) {
    Settings settings = Settings.of(objects);
    Map<String, Object> scaledObject = find(objects, "ScaledObject", "ao-worker");
    List<Trigger> triggers = KedaModel.triggers(scaledObject);
    List<String> streams =
        QueuePartitions.of(settings.prefix(), "default", settings.partitions()).all().stream()
            .map(QueueKeys::stream)
            .toList();
    long threshold = settings.threshold();
    StringBuilder expected = new StringBuilder();
    for (String stream : streams) {
      expected
          .append("    - type: redis-streams\n      metadata:\n        address: <redis>\n")
          .append("        stream: \"")
          .append(stream)
          .append("\"\n        streamLength: \"")
          .append(threshold)
          .append("\"\n");
    }
    assertThat(triggers)
        .as(
            "%s: one XLEN trigger per partition stream of queue.partitions=%d, threshold"
                + " ceil(concurrency %d / partitions); the triggers to use:%n%s",
            what, settings.partitions(), settings.concurrency(), expected)
        .containsExactlyElementsOf(
            streams.stream().map(s -> new Trigger(s, null, Factor.LENGTH, threshold)).toList());
    List<Map<String, Object>> raw =
        (List<Map<String, Object>>)
            ((Map<String, Object>) scaledObject.get("spec")).get("triggers");
    assertThat(raw)
        .as("%s: every trigger reaches the same Redis the same way", what)
        .allSatisfy(
            trigger -> {
              Map<String, Object> first = raw.get(0);
              assertThat(((Map<String, Object>) trigger.get("metadata")).get("address"))
                  .isEqualTo(((Map<String, Object>) first.get("metadata")).get("address"));
              assertThat(((Map<String, Object>) trigger.get("metadata")).get("enableTLS"))
                  .isEqualTo(((Map<String, Object>) first.get("metadata")).get("enableTLS"));
              assertThat(trigger.get("authenticationRef"))
                  .isEqualTo(first.get("authenticationRef"));
            });
  }

  // ---- a real backlog ----------------------------------------------------------------------

  @Test
  void idleKeepsTheMinimumTenThousandTasksScaleOutAndSaturationStopsAtTheMaximum() {
    List<Map<String, Object>> objects = RenderedManifests.of("prod");
    Map<String, Object> scaledObject = find(objects, "ScaledObject", "ao-worker");
    Map<String, Object> spec = (Map<String, Object>) scaledObject.get("spec");
    int min = ((Number) spec.get("minReplicaCount")).intValue();
    int max = ((Number) spec.get("maxReplicaCount")).intValue();
    Settings settings = Settings.of(objects);
    List<Trigger> triggers = KedaModel.triggers(scaledObject);
    PartitionedQueue queue = queue(settings);
    await(queue.ensureGroups());

    int idle = KedaModel.desired(min, metrics(triggers), triggers, min, max);
    System.out.printf(
        "KEDA (prod overlay): idle queue: metrics %s -> %d workers%n", metrics(triggers), idle);
    assertThat(idle).as("idle").isEqualTo(min);

    // a few tasks in flight on the minimum's workers: still the minimum
    enqueue(queue, (int) settings.threshold() * min);
    assertThat(KedaModel.desired(min, metrics(triggers), triggers, min, max))
        .as("a full minimum, nothing waiting")
        .isEqualTo(min);

    enqueueUpTo(queue, 500);
    int fiveHundred = KedaModel.desired(min, metrics(triggers), triggers, min, max);
    System.out.printf("KEDA: 500 tasks: %d workers%n", fiveHundred);
    assertThat(fiveHundred).isEqualTo((int) Math.ceil(500.0 / settings.threshold()));

    long saturation = (long) (max - 1) * settings.threshold() + 1;
    enqueueUpTo(queue, (int) saturation - 1);
    int below = KedaModel.desired(min, metrics(triggers), triggers, min, max);
    enqueueUpTo(queue, (int) saturation);
    int at = KedaModel.desired(min, metrics(triggers), triggers, min, max);
    System.out.printf(
        "KEDA: %d tasks: %d workers; %d tasks: %d workers = maxReplicaCount (saturation)%n",
        saturation - 1, below, saturation, at);
    assertThat(below).isEqualTo(max - 1);
    assertThat(at).isEqualTo(max);

    enqueueUpTo(queue, BACKLOG);
    List<Long> full = metrics(triggers);
    int unbounded =
        KedaModel.proposal(
            min, full.stream().mapToLong(Long::longValue).max().orElse(0), settings.threshold());
    int backlog = KedaModel.desired(min, full, triggers, min, max);
    System.out.printf(
        "KEDA: %,d tasks: metrics %s -> the HPA wants %d, gets %d (maxReplicaCount)%n",
        BACKLOG, full, unbounded, backlog);
    assertThat(backlog).as("10,000 tasks").isGreaterThan(1).isEqualTo(max);
    assertThat(unbounded).isEqualTo((int) Math.ceil((double) BACKLOG / settings.threshold()));

    Rules up = KedaModel.rules(scaledObject, "scaleUp");
    Rules down = KedaModel.rules(scaledObject, "scaleDown");
    List<int[]> history = new ArrayList<>();
    List<Integer> rising = KedaModel.timeline(min, backlog, up, down, history, 0, 6, min, max);
    int reachedAt = rising.indexOf(max) * KedaModel.HPA_SYNC_SECONDS;
    System.out.printf(
        "HPA syncs every 15 s with the backlog: %s (maxReplicaCount at the sync %d s after the first)%n",
        rising, reachedAt);
    assertThat(rising).contains(max);

    await(redis.send(Request.cmd(Command.FLUSHALL)));
    await(queue.ensureGroups());
    int drained = KedaModel.desired(max, metrics(triggers), triggers, min, max);
    List<Integer> falling =
        KedaModel.timeline(
            max, drained, up, down, history, 6 * KedaModel.HPA_SYNC_SECONDS, 40, min, max);
    int firstDrop =
        falling.indexOf(falling.stream().filter(n -> n < max).findFirst().orElseThrow());
    int atMin = falling.indexOf(min);
    System.out.printf(
        "HPA syncs every 15 s after the queue drained: %s (first worker gone %d s after the drain,"
            + " back to %d after %d s)%n",
        falling,
        (firstDrop + 1) * KedaModel.HPA_SYNC_SECONDS,
        min,
        (atMin + 1) * KedaModel.HPA_SYNC_SECONDS);
    assertThat(drained).isEqualTo(min);
    assertThat(atMin).as("back to the minimum").isNotNegative();
    assertThat(falling.subList(0, down.stabilizationSeconds() / KedaModel.HPA_SYNC_SECONDS - 1))
        .as("nobody leaves within the scale-down window")
        .containsOnly(max);
  }

  @Test
  void withThreePartitionsEveryStreamCountsAndTheBusiestDecides() {
    assumeTrue(RenderedManifests.kubectlAvailable(), "kubectl is not on PATH: skipped");
    List<Map<String, Object>> objects = objects(RenderedManifests.render(PARTITIONED));
    Map<String, Object> scaledObject = find(objects, "ScaledObject", "ao-worker");
    Map<String, Object> spec = (Map<String, Object>) scaledObject.get("spec");
    int min = ((Number) spec.get("minReplicaCount")).intValue();
    int max = ((Number) spec.get("maxReplicaCount")).intValue();
    Settings settings = Settings.of(objects);
    List<Trigger> triggers = KedaModel.triggers(scaledObject);
    PartitionedQueue queue = queue(settings);
    await(queue.ensureGroups());
    assertThat(KedaModel.desired(min, metrics(triggers), triggers, min, max)).isEqualTo(min);

    enqueueUpTo(queue, 300);
    List<Long> spread = metrics(triggers);
    int wanted = KedaModel.desired(min, spread, triggers, min, max);
    long busiest = spread.stream().mapToLong(Long::longValue).max().orElseThrow();
    System.out.printf(
        "KEDA, 3 partitions (threshold %d each): 300 tasks spread %s -> %d workers%n",
        settings.threshold(), spread, wanted);
    assertThat(spread).as("tasks land on every partition").allMatch(n -> n > 0);
    assertThat(wanted).isEqualTo((int) Math.ceil((double) busiest / settings.threshold()));

    enqueueUpTo(queue, BACKLOG);
    List<Long> full = metrics(triggers);
    System.out.printf(
        "KEDA, 3 partitions: %,d tasks %s -> %d workers%n",
        BACKLOG, full, KedaModel.desired(min, full, triggers, min, max));
    assertThat(KedaModel.desired(min, full, triggers, min, max)).isEqualTo(max);
  }

  // ---- the defect this replaced ------------------------------------------------------------

  @Test
  void theOldPendingEntriesTriggerShrankThreeBusyWorkersToOneWhateverWasQueued() {
    Settings settings = Settings.of(RenderedManifests.of("prod"));
    PartitionedQueue queue = queue(settings);
    await(queue.ensureGroups());
    enqueueUpTo(queue, BACKLOG);
    QueueKeys home = queue.partitions().home();
    // three workers, each holding what its concurrency lets it read
    for (int worker = 1; worker <= 3; worker++) {
      await(
          redis.send(
              Request.cmd(Command.XREADGROUP)
                  .arg("GROUP")
                  .arg(QueueKeys.GROUP)
                  .arg("worker-" + worker)
                  .arg("COUNT")
                  .arg(settings.concurrency())
                  .arg("STREAMS")
                  .arg(home.stream())
                  .arg(">")));
    }
    Map<String, Object> old =
        Map.of(
            "spec",
            Map.of(
                "triggers",
                List.of(
                    Map.of(
                        "type",
                        "redis-streams",
                        "metadata",
                        Map.of(
                            "stream",
                            home.stream(),
                            "consumerGroup",
                            QueueKeys.GROUP,
                            "pendingEntriesCount",
                            "200")))));
    List<Trigger> triggers = KedaModel.triggers(old);
    List<Long> pending = metrics(triggers);
    int wanted = KedaModel.desired(3, pending, triggers, 1, 20);
    System.out.printf(
        "old trigger (XPENDING, 200): %,d queued, 3 busy workers, pending %s -> %d worker(s)%n",
        BACKLOG, pending, wanted);
    assertThat(pending).containsExactly(3L * settings.concurrency());
    assertThat(wanted).isEqualTo(1);
  }

  // ---- the CPU HPA of clusters without KEDA -------------------------------------------------

  @Test
  void theCpuFallbackFollowsCpuNotTheBacklog() {
    List<Map<String, Object>> objects = RenderedManifests.of("dev");
    Map<String, Object> hpa = find(objects, "HorizontalPodAutoscaler", "ao-worker");
    Map<String, Object> spec = (Map<String, Object>) hpa.get("spec");
    int min = ((Number) spec.get("minReplicas")).intValue();
    int max = ((Number) spec.get("maxReplicas")).intValue();
    Map<String, Object> metric = ((List<Map<String, Object>>) spec.get("metrics")).get(0);
    int target =
        ((Number)
                ((Map<String, Object>) ((Map<String, Object>) metric.get("resource")).get("target"))
                    .get("averageUtilization"))
            .intValue();
    Map<String, Object> resources =
        (Map<String, Object>)
            ((List<Map<String, Object>>)
                    ((Map<String, Object>)
                            ((Map<String, Object>)
                                    ((Map<String, Object>)
                                            find(objects, "Deployment", "ao-worker").get("spec"))
                                        .get("template"))
                                .get("spec"))
                        .get("containers"))
                .get(0)
                .get("resources");
    double request = cores(((Map<String, Object>) resources.get("requests")).get("cpu"));
    double limit = cores(((Map<String, Object>) resources.get("limits")).get("cpu"));
    // utilization is CPU used over the request; a worker can use up to its limit
    int busiest = (int) Math.round(limit / request * 100);

    // the documented algorithm: desired = ceil(current × utilization / target), within tolerance
    int idle = cpuProposal(min, 1, target, min, max);
    List<Integer> cpuBound = new ArrayList<>();
    int current = min;
    for (int sync = 0; sync < 5; sync++) {
      current = cpuProposal(current, busiest, target, min, max);
      cpuBound.add(current);
    }
    // a backlog of tasks that wait on the CRM or SMTP keeps a worker's CPU near idle
    int ioBound = cpuProposal(min, 10, target, min, max);
    System.out.printf(
        "CPU HPA (dev overlay, target %d%%): idle -> %d; a CPU-bound backlog (%d%% of the request"
            + " = the limit): %s; a backlog waiting on the CRM (10%%): %d%n",
        target, idle, busiest, cpuBound, ioBound);
    assertThat(idle).isEqualTo(min);
    assertThat(cpuBound).last().isEqualTo(max);
    assertThat(ioBound).as("the fallback does not see a backlog that costs no CPU").isEqualTo(min);
  }

  private static int cpuProposal(int current, int utilization, int target, int min, int max) {
    double ratio = (double) utilization / target;
    int wanted =
        Math.abs(1.0 - ratio) <= KedaModel.TOLERANCE ? current : (int) Math.ceil(ratio * current);
    return Math.max(min, Math.min(max, wanted));
  }

  private static double cores(Object quantity) {
    String text = String.valueOf(quantity);
    return text.endsWith("m")
        ? Double.parseDouble(text.substring(0, text.length() - 1)) / 1000
        : Double.parseDouble(text);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** What the rendered manifests say the workers run with. */
  record Settings(String prefix, int partitions, int concurrency) {

    static Settings of(List<Map<String, Object>> objects) {
      JsonObject defaults = BuiltInDefaults.read("worker-defaults.json");
      Map<String, String> config = new java.util.HashMap<>();
      objects.stream()
          .filter(o -> o.get("kind").equals("ConfigMap") && name(o).startsWith("ao-config"))
          .forEach(
              o ->
                  ((Map<String, Object>) o.getOrDefault("data", Map.of()))
                      .forEach((k, v) -> config.put(k, String.valueOf(v))));
      String prefix =
          config.getOrDefault(
              "AO_REDIS_KEY_PREFIX", defaults.getJsonObject("redis").getString("key_prefix"));
      int partitions =
          Integer.parseInt(
              config.getOrDefault(
                  "AO_QUEUE_PARTITIONS",
                  defaults.getJsonObject("queue").getValue("partitions").toString()));
      Map<String, Object> container =
          ((List<Map<String, Object>>)
                  ((Map<String, Object>)
                          ((Map<String, Object>)
                                  ((Map<String, Object>)
                                          find(objects, "Deployment", "ao-worker").get("spec"))
                                      .get("template"))
                              .get("spec"))
                      .get("containers"))
              .get(0);
      List<String> args = (List<String>) container.getOrDefault("args", List.of());
      int at = args.indexOf("--concurrency");
      int concurrency =
          at >= 0
              ? Integer.parseInt(args.get(at + 1))
              : Integer.parseInt(
                  config.getOrDefault(
                      "AO_WORKER_CONCURRENCY",
                      defaults.getJsonObject("worker").getValue("concurrency").toString()));
      return new Settings(prefix, partitions, concurrency);
    }

    /** What each partition's trigger allows per worker: its share of the concurrency. */
    long threshold() {
      return (concurrency + partitions - 1) / partitions;
    }
  }

  private PartitionedQueue queue(Settings settings) {
    return new PartitionedQueue(
        redis, QueuePartitions.of(settings.prefix(), "default", settings.partitions()), 3600);
  }

  private List<Long> metrics(List<Trigger> triggers) {
    return triggers.stream().map(trigger -> KedaModel.metric(redis, trigger)).toList();
  }

  private int enqueued;

  private void enqueueUpTo(PartitionedQueue queue, int total) {
    enqueue(queue, total - enqueued);
  }

  private void enqueue(PartitionedQueue queue, int count) {
    for (int done = 0; done < count; ) {
      int batch = Math.min(500, count - done);
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        sent.add(queue.enqueue(NewTask.of("noop", new JsonObject(), 3)));
      }
      await(Future.all(sent));
      done += batch;
    }
    enqueued += count;
  }

  private static List<Map<String, Object>> objects(String yaml) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object document : new org.yaml.snakeyaml.Yaml().loadAll(yaml)) {
      if (document instanceof Map<?, ?> map && map.containsKey("kind")) {
        objects.add((Map<String, Object>) map);
      }
    }
    return objects;
  }

  private static Map<String, Object> find(
      List<Map<String, Object>> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.get("kind")) && name.equals(name(o)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static String name(Map<String, Object> object) {
    return (String) ((Map<String, Object>) object.get("metadata")).get("name");
  }
}

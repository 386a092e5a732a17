package io.ao.system.k8s;

import static io.ao.api.support.RunningApi.await;

import io.ao.shared.queue.QueueInspector;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What KEDA and the HorizontalPodAutoscaler do with a rendered ScaledObject, computed the way they
 * compute it.
 *
 * <p>KEDA's {@code redis-streams} scaler (keda.sh/docs/latest/scalers/redis-streams, and its source
 * pkg/scalers/redis_streams_scaler.go): with {@code consumerGroup} and {@code lagCount} the metric
 * is the group's lag (XINFO GROUPS); with {@code consumerGroup} alone the group's pending count
 * (XPENDING); without {@code consumerGroup} the stream's length (XLEN), against {@code
 * streamLength}. The threshold is an AverageValue target. KEDA hands each trigger to the HPA as one
 * external metric (keda.sh/docs/latest/concepts/scaling-deployments).
 *
 * <p>The HPA (kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale, "Algorithm
 * details"): for an AverageValue external metric {@code desired = ceil(total / target)}, left at
 * the current count while {@code |total / (target × current) - 1| <= 0.1} (the tolerance); the
 * largest proposal over all metrics wins, then the behavior's policies and stabilization windows,
 * then {@code [minReplicas, maxReplicas]}. KEDA's {@code minReplicaCount} and {@code
 * maxReplicaCount} are the HPA's bounds.
 */
final class KedaModel {

  static final double TOLERANCE = 0.1;
  static final int HPA_SYNC_SECONDS = 15;

  enum Factor {
    PENDING,
    LENGTH,
    LAG
  }

  record Trigger(String stream, String group, Factor factor, long target) {}

  private KedaModel() {}

  @SuppressWarnings("unchecked")
  static List<Trigger> triggers(Map<String, Object> scaledObject) {
    List<Trigger> triggers = new ArrayList<>();
    Map<String, Object> spec = (Map<String, Object>) scaledObject.get("spec");
    for (Object item : (List<Object>) spec.get("triggers")) {
      Map<String, Object> trigger = (Map<String, Object>) item;
      if (!"redis-streams".equals(trigger.get("type"))) {
        throw new AssertionError("not a redis-streams trigger: " + trigger);
      }
      Map<String, Object> meta = (Map<String, Object>) trigger.get("metadata");
      String stream = (String) meta.get("stream");
      String group = (String) meta.get("consumerGroup");
      if (group != null && meta.containsKey("lagCount")) {
        triggers.add(new Trigger(stream, group, Factor.LAG, number(meta.get("lagCount"))));
      } else if (group != null) {
        triggers.add(
            new Trigger(
                stream,
                group,
                Factor.PENDING,
                number(meta.getOrDefault("pendingEntriesCount", "5"))));
      } else {
        triggers.add(
            new Trigger(
                stream, null, Factor.LENGTH, number(meta.getOrDefault("streamLength", "5"))));
      }
    }
    return triggers;
  }

  private static long number(Object value) {
    return Long.parseLong(String.valueOf(value));
  }

  /** The metric one trigger reports, read from Redis with the scaler's own command. */
  static long metric(Redis redis, Trigger trigger) {
    return switch (trigger.factor()) {
      case LENGTH -> await(redis.send(Request.cmd(Command.XLEN).arg(trigger.stream()))).toLong();
      case PENDING ->
          await(
                  redis.send(
                      Request.cmd(Command.XPENDING).arg(trigger.stream()).arg(trigger.group())))
              .get(0)
              .toLong();
      case LAG -> {
        Response groups =
            await(redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(trigger.stream())));
        for (Response group : groups) {
          if (trigger.group().equals(QueueInspector.field(group, "name").toString())) {
            yield QueueInspector.field(group, "lag").toLong();
          }
        }
        throw new AssertionError("no group " + trigger.group() + " on " + trigger.stream());
      }
    };
  }

  /**
   * One trigger's proposal for an AverageValue target, as the HPA's replica calculator makes it.
   */
  static int proposal(int current, long total, long target) {
    double ratio = (double) total / ((double) target * current);
    return Math.abs(1.0 - ratio) <= TOLERANCE ? current : (int) Math.ceil((double) total / target);
  }

  /** The HPA's wanted count before its behavior: the largest proposal, within the bounds. */
  static int desired(int current, List<Long> totals, List<Trigger> triggers, int min, int max) {
    int wanted = 0;
    for (int i = 0; i < triggers.size(); i++) {
      wanted = Math.max(wanted, proposal(current, totals.get(i), triggers.get(i).target()));
    }
    return Math.max(min, Math.min(max, wanted));
  }

  /** A scaling policy of the HPA's behavior. */
  record Policy(String type, int value, int periodSeconds) {}

  /** One direction of the HPA's behavior. */
  record Rules(int stabilizationSeconds, List<Policy> policies) {}

  @SuppressWarnings("unchecked")
  static Rules rules(Map<String, Object> scaledObject, String direction) {
    Map<String, Object> behavior =
        (Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>)
                            ((Map<String, Object>) scaledObject.get("spec")).get("advanced"))
                        .get("horizontalPodAutoscalerConfig"))
                .get("behavior");
    Map<String, Object> rules = (Map<String, Object>) behavior.get(direction);
    if (!"Max".equals(rules.getOrDefault("selectPolicy", "Max"))) {
      throw new AssertionError("the model knows selectPolicy Max only: " + rules);
    }
    List<Policy> policies = new ArrayList<>();
    for (Object item : (List<Object>) rules.get("policies")) {
      Map<String, Object> policy = (Map<String, Object>) item;
      policies.add(
          new Policy(
              (String) policy.get("type"),
              ((Number) policy.get("value")).intValue(),
              ((Number) policy.get("periodSeconds")).intValue()));
    }
    return new Rules(((Number) rules.get("stabilizationWindowSeconds")).intValue(), policies);
  }

  /**
   * The replica count after each HPA sync (every 15 s) while the wanted count stays {@code wanted},
   * starting from {@code start}: the stabilization windows (the smallest recent recommendation
   * going up, the largest going down) and the rate policies (selectPolicy Max: the policy that
   * allows the largest change), as the HPA controller's normalizeDesiredReplicasWithBehaviors
   * applies them.
   */
  static List<Integer> timeline(
      int start,
      int wanted,
      Rules up,
      Rules down,
      List<int[]> history,
      int fromSecond,
      int syncs,
      int min,
      int max) {
    List<Integer> counts = new ArrayList<>();
    int current = start;
    for (int sync = 0; sync < syncs; sync++) {
      int now = fromSecond + sync * HPA_SYNC_SECONDS;
      // [sync time, recommendation, replicas before, replicas after]
      int[] entry = {now, wanted, current, current};
      history.add(entry);
      int upRecommendation = wanted;
      int downRecommendation = wanted;
      for (int[] past : history) {
        if (past[0] > now - up.stabilizationSeconds() || past[0] == now) {
          upRecommendation = Math.min(upRecommendation, past[1]);
        }
        if (past[0] > now - down.stabilizationSeconds() || past[0] == now) {
          downRecommendation = Math.max(downRecommendation, past[1]);
        }
      }
      int stabilized = current;
      if (stabilized < upRecommendation) {
        stabilized = upRecommendation;
      }
      if (stabilized > downRecommendation) {
        stabilized = downRecommendation;
      }
      int next = stabilized;
      if (stabilized > current) {
        int limit = 0;
        for (Policy policy : up.policies()) {
          int periodStart = current - changed(history, now, policy.periodSeconds(), true);
          int allowed =
              policy.type().equals("Pods")
                  ? periodStart + policy.value()
                  : (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
          limit = Math.max(limit, allowed);
        }
        next = Math.min(stabilized, Math.min(limit, max));
      } else if (stabilized < current) {
        int limit = Integer.MAX_VALUE;
        for (Policy policy : down.policies()) {
          int periodStart = current + changed(history, now, policy.periodSeconds(), false);
          int allowed =
              policy.type().equals("Pods")
                  ? periodStart - policy.value()
                  : (int) Math.floor(periodStart * (1 - policy.value() / 100.0));
          limit = Math.min(limit, allowed);
        }
        next = Math.max(stabilized, Math.max(limit, min));
      }
      entry[3] = next;
      counts.add(next);
      current = next;
    }
    return counts;
  }

  /** Replicas added (or removed) by the syncs within the last {@code periodSeconds}. */
  private static int changed(List<int[]> history, int now, int periodSeconds, boolean added) {
    int total = 0;
    for (int[] entry : history) {
      if (entry[0] > now - periodSeconds && entry[0] < now) {
        int delta = entry[3] - entry[2];
        total += added ? Math.max(0, delta) : Math.max(0, -delta);
      }
    }
    return total;
  }
}

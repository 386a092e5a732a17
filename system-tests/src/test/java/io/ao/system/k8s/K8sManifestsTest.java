package io.ao.system.k8s;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.ApiRouter;
import io.ao.api.http.RouteTable;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.BuiltInDefaults;
import io.ao.shared.config.ConfigLoader;
import io.ao.worker.http.WorkerHttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps k8s/ and the code from drifting apart: ports, probe paths, AO_ variables, secrets,
 * resources and security contexts, selectors and targets, image names, Dockerfiles.
 */
@ExtendWith(RedisServerExtension.class)
@SuppressWarnings("unchecked")
class K8sManifestsTest {

  private static final Set<String> REQUIRED_SECRETS =
      Set.of("AO_JWT_SECRET", "AO_ADMIN_PASSWORD", "AO_CRM_AUTH_TOKEN", "AO_REDIS_URL");
  private static Vertx vertx;
  private static Set<String> apiProbePaths;
  private static JsonObject apiDefaults;
  private static JsonObject workerDefaults;

  @BeforeAll
  static void readTheCode(LocalRedisServer redis) {
    vertx = Vertx.vertx();
    try (RunningApi api = RunningApi.start(vertx, redis.url(), Map.of())) {
      RouteTable routes = ApiRouter.create(vertx, api.server().dependencies());
      apiProbePaths = new HashSet<>();
      routes.operations().stream()
          .filter(op -> op.isPublic() && op.method() == HttpMethod.GET)
          .forEach(op -> apiProbePaths.add(op.path()));
    }
    apiDefaults = BuiltInDefaults.read("api-defaults.json");
    workerDefaults = BuiltInDefaults.read("worker-defaults.json");
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod", "sentinel"})
  void containerPortsAreTheConfiguredPorts(String overlay) {
    List<Map<String, Object>> objects = RenderedManifests.of(overlay);
    Map<String, String> config = configMap(objects);
    int apiPort =
        Integer.parseInt(
            config.getOrDefault(
                "AO_HTTP_PORT", apiDefaults.getJsonObject("http").getValue("port").toString()));
    int workerPort =
        Integer.parseInt(
            config.getOrDefault(
                "AO_WORKER_HTTP_PORT",
                workerDefaults.getJsonObject("worker").getValue("http_port").toString()));
    assertThat(containerPort(container(objects, "ao-api")))
        .as("API containerPort")
        .isEqualTo(apiPort);
    assertThat(containerPort(container(objects, "ao-worker")))
        .as("worker containerPort")
        .isEqualTo(workerPort);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod", "sentinel"})
  void theApiServesMetricsOnItsOwnPortWhichPrometheusScrapes(String overlay) {
    List<Map<String, Object>> objects = RenderedManifests.of(overlay);
    String metricsPort = configMap(objects).get("AO_MONITORING_METRICS_PORT");
    assertThat(metricsPort).as("AO_MONITORING_METRICS_PORT in ao-config").isNotNull();
    assertThat(list(container(objects, "ao-api").get("ports")))
        .as("the API container's ports")
        .anyMatch(
            port ->
                "metrics".equals(port.get("name"))
                    && String.valueOf(port.get("containerPort")).equals(metricsPort));
    Map<String, Object> service =
        services(objects).stream().filter(o -> name(o).equals("ao-api")).findFirst().orElseThrow();
    assertThat(list(path(service, "spec").get("ports")))
        .anyMatch(port -> "metrics".equals(port.get("targetPort")));
    Map<String, Object> monitor =
        objects.stream()
            .filter(o -> o.get("kind").equals("ServiceMonitor") && name(o).equals("ao-api"))
            .findFirst()
            .orElseThrow();
    assertThat(list(path(monitor, "spec").get("endpoints")))
        .allMatch(endpoint -> "metrics".equals(endpoint.get("port")), "scrapes the metrics port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod", "sentinel"})
  void probePathsExistOnTheProbedService(String overlay) {
    List<Map<String, Object>> objects = RenderedManifests.of(overlay);
    assertThat(probePaths(container(objects, "ao-api")))
        .isNotEmpty()
        .allSatisfy(path -> assertThat(apiProbePaths).as("API routes").contains(path));
    assertThat(probePaths(container(objects, "ao-worker")))
        .isNotEmpty()
        .allSatisfy(path -> assertThat(WorkerHttpServer.PATHS).as("worker routes").contains(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod", "sentinel"})
  void everyAoVariableIsARealConfigKeyAndEverySecretIsReferenced(String overlay) {
    List<Map<String, Object>> objects = RenderedManifests.of(overlay);
    Set<String> known = new HashSet<>(ConfigLoader.knownEnvNames(apiDefaults));
    known.addAll(ConfigLoader.knownEnvNames(workerDefaults));
    Set<String> used = new HashSet<>(configMap(objects).keySet());
    Set<String> fromSecrets = new HashSet<>();
    for (String deployment : List.of("ao-api", "ao-worker")) {
      for (Map<String, Object> env : list(container(objects, deployment).get("env"))) {
        used.add((String) env.get("name"));
        Map<String, Object> secret = path(env, "valueFrom", "secretKeyRef");
        if (secret != null) {
          fromSecrets.add((String) secret.get("key"));
        }
      }
    }
    used.stream()
        .filter(name -> name.startsWith("AO_"))
        .forEach(name -> assertThat(known).as("%s is a config key", name).contains(name));
    assertThat(fromSecrets).containsAll(REQUIRED_SECRETS);
  }

  /** The Sentinel overlay's ConfigMap, as both services read it, is a valid sentinel config. */
  @Test
  void theSentinelOverlayConfiguresBothServicesForSentinelMode() {
    List<Map<String, Object>> objects = RenderedManifests.of("sentinel");
    Map<String, String> env = new HashMap<>(configMap(objects));
    env.put("AO_REDIS_URL", "redis://unused:6379");
    env.put("AO_JWT_SECRET", "x".repeat(48));
    for (String defaults : List.of("api-defaults.json", "worker-defaults.json")) {
      AppConfig config = await(new ConfigLoader(vertx, env).load(defaults));
      assertThat(config.redis().sentinel()).as(defaults).isTrue();
      assertThat(config.redis().sentinels()).as(defaults).hasSize(3);
      assertThat(config.redis().minReplicasAck()).as(defaults).isEqualTo(1);
    }
    for (String deployment : List.of("ao-api", "ao-worker")) {
      assertThat(list(container(objects, deployment).get("env")))
          .as("%s env", deployment)
          .anyMatch(e -> "AO_REDIS_SENTINEL_PASSWORD".equals(e.get("name")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod", "sentinel"})
  void everyContainerHasResourcesAndALockedDownSecurityContext(String overlay) {
    for (Map<String, Object> workload : workloads(RenderedManifests.of(overlay))) {
      String name = name(workload);
      Map<String, Object> pod = path(workload, "spec", "template", "spec");
      assertThat(path(pod, "securityContext").get("runAsNonRoot"))
          .as("%s runAsNonRoot", name)
          .isEqualTo(true);
      for (Map<String, Object> container : list(pod.get("containers"))) {
        Map<String, Object> resources = (Map<String, Object>) container.get("resources");
        assertThat(resources).as("%s resources", name).isNotNull();
        for (String kind : List.of("requests", "limits")) {
          assertThat((Map<String, Object>) resources.get(kind))
              .as("%s %s", name, kind)
              .containsKeys("cpu", "memory");
        }
        Map<String, Object> security = (Map<String, Object>) container.get("securityContext");
        assertThat(security).as("%s securityContext", name).isNotNull();
        assertThat(security.get("allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(security.get("readOnlyRootFilesystem")).isEqualTo(true);
        assertThat((List<Object>) path(security, "capabilities").get("drop"))
            .as("%s drops", name)
            .contains("ALL");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod", "sentinel"})
  void selectorsTargetsAndImagesAreConsistent(String overlay) {
    List<Map<String, Object>> objects = RenderedManifests.of(overlay);
    List<Map<String, Object>> workloads = workloads(objects);
    for (Map<String, Object> object : objects) {
      String kind = (String) object.get("kind");
      Map<String, Object> selector =
          switch (kind) {
            case "Service" -> (Map<String, Object>) path(object, "spec").get("selector");
            case "PodDisruptionBudget", "ServiceMonitor" ->
                (Map<String, Object>) path(object, "spec", "selector").get("matchLabels");
            default -> null;
          };
      if (selector != null) {
        List<Map<String, Object>> targets =
            kind.equals("ServiceMonitor") ? services(objects) : workloads;
        assertThat(targets)
            .as("%s %s selects something", kind, name(object))
            .anyMatch(
                target ->
                    labels(target, kind.equals("ServiceMonitor"))
                        .entrySet()
                        .containsAll(selector.entrySet()));
      }
      if (kind.equals("HorizontalPodAutoscaler") || kind.equals("ScaledObject")) {
        String target = (String) path(object, "spec", "scaleTargetRef").get("name");
        assertThat(workloads)
            .as("%s %s targets a Deployment", kind, name(object))
            .anyMatch(w -> name(w).equals(target));
      }
      if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
        Map<String, Object> matchLabels =
            (Map<String, Object>) path(object, "spec", "selector").get("matchLabels");
        assertThat(labels(object, false).entrySet())
            .as("%s selects its own pods", name(object))
            .containsAll(matchLabels.entrySet());
      }
    }
    assertThat((String) container(objects, "ao-api").get("image")).contains("/api-service:");
    assertThat((String) container(objects, "ao-worker").get("image")).contains("/task-worker:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod", "sentinel"})
  void theWorkerGetsMoreTimeToStopThanATaskMayTake(String overlay) {
    Map<String, Object> worker = deployment(RenderedManifests.of(overlay), "ao-worker");
    long grace =
        ((Number) path(worker, "spec", "template", "spec").get("terminationGracePeriodSeconds"))
            .longValue();
    JsonObject defaults = workerDefaults.getJsonObject("worker");
    long needed =
        Math.max(defaults.getLong("task_timeout_ms"), defaults.getLong("shutdown_grace_ms")) / 1000;
    assertThat(grace).isGreaterThan(needed);
  }

  @Test
  void theDockerfilesCopyTheJarsTheBuildMakesRunAsNonRootAndGetSigterm() throws IOException {
    for (String module : List.of("api-service", "task-worker")) {
      String dockerfile = Files.readString(Path.of("..", module, "Dockerfile"));
      String pom = Files.readString(Path.of("..", module, "pom.xml"));
      Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
      assertThat(finalName.find()).as("%s builds a named jar", module).isTrue();
      String jar = module + "/target/" + finalName.group(1) + ".jar";
      assertThat(dockerfile).as(module).contains("COPY --from=build /src/" + jar + " ");
      assertThat(dockerfile).containsPattern("(?m)^USER [1-9][0-9]*");
      assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[\"java\",");
      assertThat(dockerfile).contains("-XX:MaxRAMPercentage");
      assertThat(dockerfile).containsPattern("(?m)^FROM \\S+ AS build$");
    }
    assertThat(Files.readString(Path.of("..", "api-service", "Dockerfile")))
        .contains("EXPOSE 8080");
    assertThat(Files.readString(Path.of("..", "task-worker", "Dockerfile")))
        .contains("EXPOSE 8081");
  }

  // ---- reading the objects -------------------------------------------------------------

  private static List<Map<String, Object>> workloads(List<Map<String, Object>> objects) {
    return objects.stream()
        .filter(o -> o.get("kind").equals("Deployment") || o.get("kind").equals("StatefulSet"))
        .toList();
  }

  private static List<Map<String, Object>> services(List<Map<String, Object>> objects) {
    return objects.stream().filter(o -> o.get("kind").equals("Service")).toList();
  }

  private static Map<String, Object> deployment(List<Map<String, Object>> objects, String name) {
    return objects.stream()
        .filter(o -> o.get("kind").equals("Deployment") && name(o).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  private static Map<String, Object> container(
      List<Map<String, Object>> objects, String deployment) {
    return list(path(deployment(objects, deployment), "spec", "template", "spec").get("containers"))
        .get(0);
  }

  private static int containerPort(Map<String, Object> container) {
    return ((Number) list(container.get("ports")).get(0).get("containerPort")).intValue();
  }

  private static List<String> probePaths(Map<String, Object> container) {
    List<String> paths = new ArrayList<>();
    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
      Map<String, Object> httpGet = path(container, probe, "httpGet");
      if (httpGet != null) {
        paths.add((String) httpGet.get("path"));
      }
    }
    return paths;
  }

  private static Map<String, String> configMap(List<Map<String, Object>> objects) {
    Map<String, String> data = new HashMap<>();
    objects.stream()
        .filter(o -> o.get("kind").equals("ConfigMap") && name(o).startsWith("ao-config"))
        .forEach(
            o ->
                ((Map<String, Object>) o.getOrDefault("data", Map.of()))
                    .forEach((k, v) -> data.put(k, String.valueOf(v))));
    return data;
  }

  private static Map<String, Object> labels(Map<String, Object> object, boolean ownLabels) {
    Map<String, Object> labels =
        ownLabels
            ? path(object, "metadata", "labels")
            : path(object, "spec", "template", "metadata", "labels");
    return labels == null ? Map.of() : labels;
  }

  private static String name(Map<String, Object> object) {
    return (String) path(object, "metadata").get("name");
  }

  private static Map<String, Object> path(Map<String, Object> object, String... keys) {
    Map<String, Object> current = object;
    for (String key : keys) {
      if (current == null) {
        return null;
      }
      current = (Map<String, Object>) current.get(key);
    }
    return current;
  }

  private static List<Map<String, Object>> list(Object value) {
    return value == null
        ? List.of()
        : ((List<Object>) value)
            .stream().filter(Objects::nonNull).map(item -> (Map<String, Object>) item).toList();
  }
}

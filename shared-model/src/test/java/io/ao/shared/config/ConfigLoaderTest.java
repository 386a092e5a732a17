package io.ao.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

  private static final String SERVICE_DEFAULTS = "test-service-defaults.json";

  @TempDir Path dir;

  private final Map<String, String> env = new HashMap<>();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLoaderLog() {
    logged.start();
    loaderLogger().addAppender(logged);
  }

  @AfterEach
  void releaseLoaderLog() {
    loaderLogger().detachAppender(logged);
  }

  private static Logger loaderLogger() {
    return (Logger) LoggerFactory.getLogger(ConfigLoader.class);
  }

  private Future<AppConfig> load(Vertx vertx) {
    return new ConfigLoader(vertx, env).load(SERVICE_DEFAULTS);
  }

  private String file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content).toString();
  }

  @Test
  void withNothingSetTheBuiltInDefaultsApply(Vertx vertx, VertxTestContext test) {
    load(vertx)
        .onComplete(
            test.succeeding(
                config ->
                    test.verify(
                        () -> {
                          assertThat(config.http().port()).isEqualTo(8080);
                          assertThat(config.http().bodyLimitBytes()).isEqualTo(1_048_576);
                          assertThat(config.redis().url()).isEqualTo("redis://127.0.0.1:6379/0");
                          assertThat(config.redis().required()).isFalse();
                          assertThat(config.queue().queues()).containsExactly("default");
                          assertThat(config.worker().httpPort()).isEqualTo(8081);
                          assertThat(config.monitoring().queueDepthWarn()).isEqualTo(1000);
                          assertThat(config.rateLimit().maxRequests()).isEqualTo(120);
                          assertThat(logged.list).isEmpty();
                          test.completeNow();
                        })));
  }

  @Test
  void serviceDefaultsOverrideAndExtendTheCommonOnes(Vertx vertx, VertxTestContext test) {
    env.put("AO_SERVICE_NAME", "renamed");

    load(vertx)
        .onComplete(
            test.succeeding(
                config ->
                    test.verify(
                        () -> {
                          assertThat(config.http().instances()).isEqualTo(2);
                          assertThat(config.service().version()).isEqualTo("1.0.0");
                          assertThat(config.raw().getJsonObject("service").getString("name"))
                              .isEqualTo("renamed");
                          test.completeNow();
                        })));
  }

  @Test
  void yamlFileOverridesDefaults(Vertx vertx, VertxTestContext test) throws IOException {
    env.put(
        "AO_CONFIG",
        file(
            "ao.yaml",
            """
      http:
        port: 9000
      redis:
        url: rediss://redis.internal:6380/1
        required: true
      queue:
        queues: [default, email]
      rate_limit:
        max_requests: 50
      """));

    load(vertx)
        .onComplete(
            test.succeeding(
                config ->
                    test.verify(
                        () -> {
                          assertThat(config.http().port()).isEqualTo(9000);
                          assertThat(config.http().host()).isEqualTo("0.0.0.0");
                          assertThat(config.redis().url())
                              .isEqualTo("rediss://redis.internal:6380/1");
                          assertThat(config.redis().required()).isTrue();
                          assertThat(config.redis().poolSize()).isEqualTo(16);
                          assertThat(config.queue().queues()).containsExactly("default", "email");
                          assertThat(config.rateLimit().maxRequests()).isEqualTo(50);
                          assertThat(config.rateLimit().windowMs()).isEqualTo(60_000);
                          test.completeNow();
                        })));
  }

  @Test
  void ymlExtensionIsYamlToo(Vertx vertx, VertxTestContext test) throws IOException {
    env.put("AO_CONFIG", file("ao.yml", "worker:\n  concurrency: 8\n"));

    load(vertx)
        .onComplete(
            test.succeeding(
                config ->
                    test.verify(
                        () -> {
                          assertThat(config.worker().concurrency()).isEqualTo(8);
                          test.completeNow();
                        })));
  }

  @Test
  void jsonFileOverridesDefaults(Vertx vertx, VertxTestContext test) throws IOException {
    env.put(
        "AO_CONFIG",
        file(
            "ao.json",
            """
      {"http": {"port": 9001}, "monitoring": {"queue_depth_warn": 5},
       "crm": {"api_base_url": "https://crm.example.com"}}
      """));

    load(vertx)
        .onComplete(
            test.succeeding(
                config ->
                    test.verify(
                        () -> {
                          assertThat(config.http().port()).isEqualTo(9001);
                          assertThat(config.monitoring().queueDepthWarn()).isEqualTo(5);
                          assertThat(config.crm().baseUrl()).isEqualTo("https://crm.example.com");
                          assertThat(config.crm().createEndpoint()).isEqualTo("/api/leads");
                          test.completeNow();
                        })));
  }

  @Test
  void environmentOverridesTheFile(Vertx vertx, VertxTestContext test) throws IOException {
    env.put(
        "AO_CONFIG",
        file(
            "ao.yaml",
            """
      http:
        port: 9000
      rate_limit:
        max_requests: 50
      redis:
        required: false
      worker:
        http_port: 9100
      """));
    env.put("AO_HTTP_PORT", "9090");
    env.put("AO_RATE_LIMIT_MAX_REQUESTS", "5");
    env.put("AO_REDIS_REQUIRED", "true");
    env.put("AO_WORKER_HTTP_PORT", "9191");
    env.put("AO_MONITORING_QUEUE_DEPTH_WARN", "42");
    env.put("AO_JWT_SECRET", "an-hs256-secret-of-at-least-32-bytes!");

    load(vertx)
        .onComplete(
            test.succeeding(
                config ->
                    test.verify(
                        () -> {
                          assertThat(config.http().port()).isEqualTo(9090);
                          assertThat(config.rateLimit().maxRequests()).isEqualTo(5);
                          assertThat(config.redis().required()).isTrue();
                          assertThat(config.worker().httpPort()).isEqualTo(9191);
                          assertThat(config.monitoring().queueDepthWarn()).isEqualTo(42);
                          assertThat(config.auth().jwtSecret())
                              .isEqualTo("an-hs256-secret-of-at-least-32-bytes!");
                          test.completeNow();
                        })));
  }

  @Test
  void nonNumericPortFromTheEnvironmentFailsNamingKeyAndExpectation(
      Vertx vertx, VertxTestContext test) {
    env.put("AO_HTTP_PORT", "abc");

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .isInstanceOf(InvalidConfigException.class)
                              .hasMessageContaining(
                                  "http.port: expected an integer (from AO_HTTP_PORT), got \"abc\"");
                          test.completeNow();
                        })));
  }

  @Test
  void portOutOfRangeFailsNamingKeyAndRange(Vertx vertx, VertxTestContext test) {
    env.put("AO_HTTP_PORT", "70000");

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .hasMessageContaining(
                                  "http.port: expected an integer between 1 and 65535, got 70000");
                          test.completeNow();
                        })));
  }

  @Test
  void redisUrlWithoutSchemeFails(Vertx vertx, VertxTestContext test) {
    env.put("AO_REDIS_URL", "localhost");

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .hasMessageContaining(
                                  "redis.url: expected a redis:// or rediss:// URL, got \"localhost\"");
                          test.completeNow();
                        })));
  }

  @Test
  void negativeConcurrencyInTheFileFails(Vertx vertx, VertxTestContext test) throws IOException {
    env.put("AO_CONFIG", file("ao.yaml", "worker:\n  concurrency: -4\n"));

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .hasMessageContaining(
                                  "worker.concurrency: expected an integer between 1 and 10000, got -4");
                          test.completeNow();
                        })));
  }

  @Test
  void everyBadKeyFromEveryLayerIsReportedTogether(Vertx vertx, VertxTestContext test)
      throws IOException {
    env.put(
        "AO_CONFIG",
        file(
            "ao.yaml",
            """
      redis:
        url: localhost
      worker:
        concurrency: -1
      """));
    env.put("AO_HTTP_PORT", "abc");
    env.put("AO_QUEUE_MAX_ATTEMPTS", "0");

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .isInstanceOfSatisfying(
                                  InvalidConfigException.class,
                                  invalid ->
                                      assertThat(invalid.problems())
                                          .extracting(ConfigProblem::key)
                                          .containsExactly(
                                              "http.port",
                                              "redis.url",
                                              "queue.max_attempts",
                                              "worker.concurrency"));
                          test.completeNow();
                        })));
  }

  @Test
  void serviceSectionsAreValidatedInTheSamePassAsTheCommonOnes(Vertx vertx, VertxTestContext test)
      throws IOException {
    env.put(
        "AO_CONFIG",
        file(
            "ao.yaml",
            """
      rate_limit:
        per_role: {guest: 5}
      crm:
        api_base_url: crm.example.com
      email:
        smtp:
          port: 0
        followup_window_hours: -1
      audit:
        backup_dir: ""
      """));
    env.put("AO_HTTP_PORT", "70000");
    env.put("AO_AUTH_TOKEN_TTL_SECONDS", "1");

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .isInstanceOfSatisfying(
                                  InvalidConfigException.class,
                                  invalid ->
                                      assertThat(invalid.problems())
                                          .extracting(ConfigProblem::toString)
                                          .containsExactly(
                                              "http.port: expected an integer between 1 and 65535, got 70000",
                                              "auth.token_ttl_seconds: expected an integer between 60 and 86400, got 1",
                                              "rate_limit.per_role.guest: expected a role (agent, operator, admin)",
                                              "audit.backup_dir: expected a non-blank string, got \"\"",
                                              "crm.api_base_url: expected a http:// or https:// URL, got \"crm.example.com\"",
                                              "email.smtp.port: expected an integer between 1 and 65535, got 0",
                                              "email.followup_window_hours: expected an integer between 0 and 8760, got -1"));
                          test.completeNow();
                        })));
  }

  @Test
  void onlyAServiceThatSignsTokensNeedsTheSigningKey(Vertx vertx, VertxTestContext test) {
    env.put("AO_JWT_SECRET", "too-short");

    load(vertx)
        .compose(
            worker ->
                new ConfigLoader(vertx, env).load(SERVICE_DEFAULTS, ConfigRequirement.SIGNING_KEY))
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .hasMessage(
                                  "Invalid configuration:\n"
                                      + "  auth.jwt_secret: expected a secret of at least 32 bytes (set AO_JWT_SECRET)");
                          test.completeNow();
                        })));
  }

  @Test
  void aMalformedWorkflowIsReportedWithTheOtherProblems(Vertx vertx, VertxTestContext test) {
    env.put("AO_WORKFLOWS_CRM_SYNC_STEPS", "[]");
    env.put("AO_HTTP_PORT", "0");

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .isInstanceOfSatisfying(
                                  InvalidConfigException.class,
                                  invalid ->
                                      assertThat(invalid.problems())
                                          .extracting(ConfigProblem::toString)
                                          .containsExactly(
                                              "http.port: expected an integer between 1 and 65535, got 0",
                                              "workflows.crm_sync.steps: expected at least one step"));
                          test.completeNow();
                        })));
  }

  @Test
  void aBadScoringRuleIsReportedWithTheOtherProblems(Vertx vertx, VertxTestContext test)
      throws IOException {
    env.put(
        "AO_CONFIG",
        file(
            "ao.yaml",
            "scoring:\n  rules:\n    - { field: company, when: maybe, points: 5 }\n"
                + "    - { when: present, points: many }\n"));
    env.put("AO_HTTP_PORT", "0");

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .isInstanceOfSatisfying(
                                  InvalidConfigException.class,
                                  invalid ->
                                      assertThat(invalid.problems())
                                          .extracting(ConfigProblem::toString)
                                          .containsExactly(
                                              "http.port: expected an integer between 1 and 65535, got 0",
                                              "scoring.rules[0].when: expected present, equals or domain_not_in, got \"maybe\"",
                                              "scoring.rules[1].field: expected a lead field name, got nothing",
                                              "scoring.rules[1].points: expected an integer, got \"many\""));
                          test.completeNow();
                        })));
  }

  @Test
  void configFileThatDoesNotExistFailsClearly(Vertx vertx, VertxTestContext test) {
    String missing = dir.resolve("absent.yaml").toString();
    env.put("AO_CONFIG", missing);

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .isInstanceOf(InvalidConfigException.class)
                              .hasMessage(
                                  "Invalid configuration:\n  AO_CONFIG: the file \""
                                      + missing
                                      + "\" does not exist");
                          test.completeNow();
                        })));
  }

  @Test
  void configFileWithUnknownExtensionFails(Vertx vertx, VertxTestContext test) throws IOException {
    env.put("AO_CONFIG", file("ao.conf", "http.port=1"));

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .isInstanceOf(InvalidConfigException.class)
                              .hasMessageContaining(
                                  "AO_CONFIG: expected a path ending in .json, .yaml or .yml");
                          test.completeNow();
                        })));
  }

  @Test
  void malformedConfigFileFailsNamingTheFile(Vertx vertx, VertxTestContext test)
      throws IOException {
    String broken = file("broken.json", "{\"http\": {\"port\": ");
    env.put("AO_CONFIG", broken);

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .isInstanceOf(InvalidConfigException.class)
                              .hasMessageContaining(
                                  "AO_CONFIG: cannot read \"" + broken + "\" as JSON");
                          test.completeNow();
                        })));
  }

  @Test
  void yamlFileWithoutAMappingAtTheTopFailsSayingSo(Vertx vertx, VertxTestContext test)
      throws IOException {
    String listOnly = file("list.yaml", "- http\n- redis\n");
    env.put("AO_CONFIG", listOnly);

    load(vertx)
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .hasMessage(
                                  "Invalid configuration:\n  AO_CONFIG: cannot read \""
                                      + listOnly
                                      + "\" as YAML: expected a mapping of sections (http, redis, ...) at the top level");
                          test.completeNow();
                        })));
  }

  @Test
  void blankConfigVariableMeansNoFile(Vertx vertx, VertxTestContext test) {
    env.put("AO_CONFIG", " ");

    load(vertx)
        .onComplete(
            test.succeeding(
                config ->
                    test.verify(
                        () -> {
                          assertThat(config.http().port()).isEqualTo(8080);
                          test.completeNow();
                        })));
  }

  @Test
  void unknownAoVariablesAreWarnedAboutOnceButDoNotFail(Vertx vertx, VertxTestContext test) {
    env.put("AO_HTTP_PROT", "9090");
    env.put("AO_REDIS_ULR", "redis://x");
    env.put("AO_CONFIG", "");
    env.put("HOME", "/root");

    load(vertx)
        .onComplete(
            test.succeeding(
                config ->
                    test.verify(
                        () -> {
                          assertThat(config.http().port()).isEqualTo(8080);
                          List<ILoggingEvent> warnings =
                              logged.list.stream()
                                  .filter(event -> event.getLevel() == Level.WARN)
                                  .toList();
                          assertThat(warnings)
                              .singleElement()
                              .extracting(ILoggingEvent::getFormattedMessage)
                              .asString()
                              .contains("AO_HTTP_PROT, AO_REDIS_ULR")
                              .doesNotContain("AO_CONFIG", "HOME");
                          test.completeNow();
                        })));
  }

  @Test
  void missingServiceDefaultsResourceFails(Vertx vertx, VertxTestContext test) {
    new ConfigLoader(vertx, env)
        .load("no-such-defaults.json")
        .onComplete(
            test.failing(
                error ->
                    test.verify(
                        () -> {
                          assertThat(error)
                              .isInstanceOf(IllegalStateException.class)
                              .hasMessageContaining(
                                  "'no-such-defaults.json' is not on the classpath");
                          test.completeNow();
                        })));
  }
}

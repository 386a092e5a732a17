package io.ao.api.support;

import io.ao.api.ApiServer;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.RedisTarget;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.shared.config.ConfigRequirement;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The real API (all its verticles) in the test's JVM on a free port, with a client for it. */
public final class RunningApi implements AutoCloseable {

  /** The first admin's password in every test API. */
  public static final String ADMIN_PASSWORD = "test-admin-password-0123";

  /** A fixed signing secret, so tests can forge tokens with the right and the wrong key. */
  public static final String JWT_SECRET = "test-jwt-secret-that-is-long-enough-0123456789";

  /** Audit backups of test APIs go to a temp dir, never into the source tree. */
  public static final String BACKUP_DIR =
      Path.of(
              System.getProperty("java.io.tmpdir"),
              "ao-audit-test-" + ProcessHandle.current().pid())
          .toString();

  private final Vertx vertx;
  private final ApiServer server;
  private final WebClient client;
  private final int port;
  private String bearer;

  private RunningApi(Vertx vertx, ApiServer server, int port) {
    this.vertx = vertx;
    this.server = server;
    this.port = port;
    this.client =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /**
   * What every test API runs with: known secrets, a cheap password hash (the production work factor
   * would make each login take a quarter of a second) and a rate limit high enough not to get in
   * the way; tests about those override them.
   */
  public static Map<String, String> testEnvironment() {
    return Map.of(
        "AO_JWT_SECRET",
        JWT_SECRET,
        "AO_ADMIN_PASSWORD",
        ADMIN_PASSWORD,
        // Argon2id at its least cost: tests hash many passwords; the login tests use OWASP's
        "AO_AUTH_ARGON2_MEMORY_KIB",
        "1024",
        "AO_AUTH_ARGON2_ITERATIONS",
        "1",
        "AO_RATE_LIMIT_MAX_REQUESTS",
        "1000000",
        "AO_RATE_LIMIT_ANONYMOUS_FAILURES_PER_IP_PER_MINUTE",
        "1000000",
        "AO_AUDIT_BACKUP_DIR",
        BACKUP_DIR,
        "AO_HTTP_DRAIN_MS",
        "0",
        // tests read counters right after causing them; PrometheusEndpointTest covers the reuse
        "AO_MONITORING_METRICS_MAX_AGE_MS",
        "0");
  }

  public static RunningApi start(Vertx vertx, String redisUrl, Map<String, String> extraEnv) {
    return start(vertx, redisUrl, extraEnv, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public static RunningApi start(
      Vertx vertx, String redisUrl, Map<String, String> extraEnv, PrometheusMeterRegistry meters) {
    return start(vertx, redisUrl, extraEnv, meters, true);
  }

  private static RunningApi start(
      Vertx vertx,
      String redisUrl,
      Map<String, String> extraEnv,
      PrometheusMeterRegistry meters,
      boolean loginAsAdmin) {
    int port = FreePort.find();
    Map<String, String> env = new HashMap<>(testEnvironment());
    env.putAll(
        Map.of(
            "AO_REDIS_URL",
            redisUrl,
            "AO_HTTP_PORT",
            Integer.toString(port),
            "AO_HTTP_HOST",
            "127.0.0.1"));
    env.putAll(extraEnv);
    AppConfig config =
        await(
            new ConfigLoader(vertx, env).load("api-defaults.json", ConfigRequirement.SIGNING_KEY));
    ApiServer server = await(ApiServer.start(vertx, config, meters));
    RunningApi api = new RunningApi(vertx, server, port);
    api.bearer =
        loginAsAdmin ? api.tokenFor("admin", ADMIN_PASSWORD) : TestTokens.valid("admin", "admin");
    return api;
  }

  /**
   * Started without logging in (Redis may be down): requests carry a token minted with the test
   * secret.
   */
  /** Against a test's Redis, a single server or a cluster (its AO_REDIS_* variables). */
  public static RunningApi start(Vertx vertx, RedisTarget redis, Map<String, String> extraEnv) {
    return start(vertx, redis.url(), withRedis(redis, extraEnv));
  }

  public static RunningApi startWithoutLogin(
      Vertx vertx, RedisTarget redis, Map<String, String> extraEnv) {
    return startWithoutLogin(vertx, redis.url(), withRedis(redis, extraEnv));
  }

  private static Map<String, String> withRedis(RedisTarget redis, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(redis.environment());
    env.putAll(extraEnv);
    return env;
  }

  public static RunningApi startWithoutLogin(
      Vertx vertx, String redisUrl, Map<String, String> extraEnv) {
    return start(
        vertx, redisUrl, extraEnv, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), false);
  }

  public static Future<ApiServer> tryStart(Vertx vertx, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(testEnvironment());
    env.putAll(overrides);
    return new ConfigLoader(vertx, env)
        .load("api-defaults.json", ConfigRequirement.SIGNING_KEY)
        .compose(
            config ->
                ApiServer.start(
                    vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
  }

  /** Logs in; the access token, or an AssertionError when the login is refused. */
  public String tokenFor(String username, String password) {
    HttpResponse<Buffer> response = login(username, password);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "login of "
              + username
              + " failed: "
              + response.statusCode()
              + " "
              + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("access_token");
  }

  public HttpResponse<Buffer> login(String username, String password) {
    return await(
        client
            .post("/api/auth/login")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(
                new JsonObject().put("username", username).put("password", password).toBuffer()));
  }

  /**
   * Creates a user as the first admin and logs them in; their access token. Tokens carry their
   * user's credential stamp, so a token minted outside the API works only for a stored user.
   */
  public String tokenOfNewUser(String username, String role) {
    String password = "password-of-" + username;
    HttpResponse<Buffer> created =
        postJson(
            "/api/admin/users",
            new JsonObject().put("username", username).put("password", password).put("role", role));
    if (created.statusCode() != 201) {
      throw new AssertionError("creating " + username + " failed: " + created.bodyAsString());
    }
    return tokenFor(username, password);
  }

  /** A request as the first admin (most tests are not about who may do what). */
  public HttpRequest<Buffer> asAdmin(HttpMethod method, String path) {
    return client.request(method, path).putHeader("Authorization", "Bearer " + bearer);
  }

  public HttpResponse<Buffer> get(String path) {
    return await(asAdmin(HttpMethod.GET, path).send());
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path) {
    return await(asAdmin(method, path).send());
  }

  public HttpResponse<Buffer> postJson(String path, JsonObject body) {
    return await(
        asAdmin(HttpMethod.POST, path)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(body.toBuffer()));
  }

  public HttpResponse<Buffer> post(String path, String contentType, Buffer body) {
    HttpRequest<Buffer> request = asAdmin(HttpMethod.POST, path);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return await(request.sendBuffer(body));
  }

  /** A request with no credentials at all. */
  public HttpResponse<Buffer> anonymous(HttpMethod method, String path) {
    return await(client.request(method, path).send());
  }

  /** A request with the given headers and no others. */
  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, path);
  }

  public WebClient client() {
    return client;
  }

  public int port() {
    return port;
  }

  public ApiServer server() {
    return server;
  }

  @Override
  public void close() {
    client.close();
    await(server.stop());
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("failed or timed out: " + e, e);
    }
  }
}

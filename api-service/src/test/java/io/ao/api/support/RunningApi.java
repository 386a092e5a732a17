package io.ao.api.support;

import io.ao.api.ApiServer;
import io.ao.devstack.redis.FreePort;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real API (all its verticles) in the test's JVM on a free port, with a client for it. */
public final class RunningApi implements AutoCloseable {

  private final Vertx vertx;
  private final ApiServer server;
  private final WebClient client;
  private final int port;

  private RunningApi(Vertx vertx, ApiServer server, int port) {
    this.vertx = vertx;
    this.server = server;
    this.port = port;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  public static RunningApi start(Vertx vertx, String redisUrl, Map<String, String> extraEnv) {
    return start(vertx, redisUrl, extraEnv, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public static RunningApi start(Vertx vertx, String redisUrl, Map<String, String> extraEnv,
                                 PrometheusMeterRegistry meters) {
    int port = FreePort.find();
    Map<String, String> env = new HashMap<>(Map.of("AO_REDIS_URL", redisUrl, "AO_HTTP_PORT", Integer.toString(port),
      "AO_HTTP_HOST", "127.0.0.1"));
    env.putAll(extraEnv);
    AppConfig config = await(new ConfigLoader(vertx, env).load("api-defaults.json"));
    ApiServer server = await(ApiServer.start(vertx, config, meters));
    return new RunningApi(vertx, server, port);
  }

  public static Future<ApiServer> tryStart(Vertx vertx, Map<String, String> env) {
    return new ConfigLoader(vertx, env).load("api-defaults.json")
      .compose(config -> ApiServer.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
  }

  public HttpResponse<Buffer> get(String path) {
    return await(client.get(path).send());
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path) {
    return await(client.request(method, path).send());
  }

  public HttpResponse<Buffer> postJson(String path, JsonObject body) {
    return await(client.post(path).putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()));
  }

  public HttpResponse<Buffer> post(String path, String contentType, Buffer body) {
    HttpRequest<Buffer> request = client.post(path);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return await(request.sendBuffer(body));
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
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("failed or timed out: " + e, e);
    }
  }
}

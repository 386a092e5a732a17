package io.ao.loadtest.scenario;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/** A virtual user: its HTTP client, its token, and what it created (to read it back later). */
public final class Session {

  private final HttpClient client;
  private final String host;
  private final int port;
  private String token;
  private String apiKey;
  private String leadId;
  private String workflowId;
  private String campaignId;
  private Consumer<String> workflowStarted = id -> {};

  public Session(HttpClient client, String host, int port) {
    this.client = client;
    this.host = host;
    this.port = port;
  }

  /** One request; completes with the status and the body (the body is read to completion). */
  public Future<Reply> send(HttpMethod method, String path, JsonObject body) {
    RequestOptions options =
        new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path);
    if (token != null) {
      options.addHeader("Authorization", "Bearer " + token);
    } else if (apiKey != null) {
      options.addHeader("X-API-Key", apiKey);
    }
    if (body != null) {
      options.addHeader("Content-Type", "application/json");
    }
    return client
        .request(options)
        .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(response -> response.body().map(bytes -> new Reply(response.statusCode(), bytes)));
  }

  public record Reply(int status, Buffer body) {
    public JsonObject json() {
      try {
        return body.length() == 0 ? new JsonObject() : body.toJsonObject();
      } catch (RuntimeException notJson) {
        return new JsonObject();
      }
    }
  }

  public void token(String value) {
    token = value;
  }

  public void apiKey(String value) {
    apiKey = value;
  }

  public String leadId() {
    return leadId;
  }

  public void leadId(String value) {
    leadId = value;
  }

  public String workflowId() {
    return workflowId;
  }

  public void workflowId(String value) {
    workflowId = value;
    workflowStarted.accept(value);
  }

  /** Tells {@code listener} the id of every workflow this user starts (for the run's check). */
  public Session onWorkflowStarted(Consumer<String> listener) {
    workflowStarted = listener;
    return this;
  }

  public String campaignId() {
    return campaignId;
  }

  public void campaignId(String value) {
    campaignId = value;
  }

  /** A unique email per call, so created leads never collide. */
  public static String uniqueEmail() {
    return "load-"
        + Long.toHexString(System.nanoTime())
        + "-"
        + ThreadLocalRandom.current().nextInt(1_000_000)
        + "@loadtest.example";
  }
}

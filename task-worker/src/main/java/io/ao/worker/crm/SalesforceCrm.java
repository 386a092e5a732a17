package io.ao.worker.crm;

import io.ao.shared.config.CrmConfig;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code crm.provider: salesforce}: the REST API's Lead sObject ({@code
 * /services/data/<api_version>/sobjects/Lead}) on {@code crm.api_base_url} (your My Domain), with a
 * bearer token from {@link SalesforceTokens}. The token answer's {@code instance_url} is not
 * followed: requests go only to the configured hosts.
 *
 * <ul>
 *   <li>find: SOQL {@code SELECT Id FROM Lead WHERE Email = '...'} through {@code /query};
 *   <li>create: {@code POST sobjects/Lead}; update: {@code PATCH sobjects/Lead/{id}} (404: gone);
 *       delete: {@code DELETE} there.
 * </ul>
 *
 * A 401 drops the token and the request is sent once more with a new one. Errors quote each {@code
 * [{message, errorCode, fields}]}. {@code REQUEST_LIMIT_EXCEEDED} (the org's API request limit)
 * pauses the account for Retry-After, else {@code crm.salesforce.limit_pause_seconds}.
 */
final class SalesforceCrm implements CrmProvider {

  private static final String WHO = "Salesforce";

  private final CrmConfig settings;
  private final CrmTransport transport;
  private final SalesforceTokens tokens;
  private final String api;

  SalesforceCrm(CrmConfig settings, CrmTransport transport, SalesforceTokens tokens) {
    this.settings = settings;
    this.transport = transport;
    this.tokens = tokens;
    this.api = settings.baseUrl() + "/services/data/" + settings.salesforce().apiVersion();
  }

  @Override
  public Future<Optional<String>> findByEmail(String email, String taskId) {
    String soql =
        "SELECT Id FROM Lead WHERE Email = '"
            + soqlLiteral(email)
            + "' ORDER BY CreatedDate LIMIT 1";
    return call(
            HttpMethod.GET,
            "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8),
            null,
            taskId)
        .map(
            response -> {
              JsonObject answer = requireOk(response);
              JsonArray records = answer.getJsonArray("records", new JsonArray());
              return records.isEmpty()
                  ? Optional.<String>empty()
                  : Optional.ofNullable(records.getJsonObject(0).getString("Id"));
            });
  }

  @Override
  public Future<String> create(JsonObject lead, String taskId) {
    return call(HttpMethod.POST, "/sobjects/Lead/", settings.map(lead), taskId)
        .map(
            response -> {
              String id = requireOk(response).getString("id");
              if (id == null) {
                throw new PermanentTaskFailure("Salesforce answered without the Lead's id");
              }
              return id;
            });
  }

  @Override
  public Future<Boolean> update(String crmId, JsonObject lead, String taskId) {
    return call(HttpMethod.PATCH, "/sobjects/Lead/" + encode(crmId), settings.map(lead), taskId)
        .map(response -> CrmAnswers.updated(response, SalesforceCrm::requireOk));
  }

  @Override
  public Future<Void> delete(String crmId, String taskId) {
    return call(HttpMethod.DELETE, "/sobjects/Lead/" + encode(crmId), null, taskId)
        .map(response -> CrmAnswers.deleted(response, SalesforceCrm::requireOk));
  }

  /** One request with the current token; after a 401, once more with a new one. */
  private Future<HttpResponse<Buffer>> call(
      HttpMethod method, String path, JsonObject body, String taskId) {
    return send(method, path, body, taskId)
        .compose(
            first ->
                first.response().statusCode() != 401
                    ? Future.succeededFuture(first.response())
                    : Future.succeededFuture(first)
                        .map(
                            expired -> {
                              tokens.rejected(expired.token());
                              return expired;
                            })
                        .compose(expired -> send(method, path, body, taskId))
                        .compose(
                            second ->
                                second.response().statusCode() == 401
                                    ? Future.failedFuture(
                                        "Salesforce answered 401 to a new token: "
                                            + describeOrExcerpt(second.response()))
                                    : Future.succeededFuture(second.response())));
  }

  private record Sent(SalesforceTokens.Token token, HttpResponse<Buffer> response) {}

  private Future<Sent> send(HttpMethod method, String path, JsonObject body, String taskId) {
    return tokens
        .token()
        .compose(
            token ->
                transport
                    .exchange(
                        taskId,
                        () -> {
                          HttpRequest<Buffer> request =
                              transport
                                  .client()
                                  .requestAbs(method, api + path)
                                  .timeout(transport.timeoutMs())
                                  .putHeader("Authorization", "Bearer " + token.value())
                                  .putHeader("Accept", "application/json");
                          return body == null ? request.send() : request.sendJsonObject(body);
                        },
                        this::rateSignal)
                    .map(response -> new Sent(token, response)));
  }

  RateSignal rateSignal(HttpResponse<Buffer> response) {
    long now = System.currentTimeMillis();
    boolean limitExceeded =
        response.statusCode() == 403 && errorCodes(response).contains("REQUEST_LIMIT_EXCEEDED");
    if (!limitExceeded && response.statusCode() != 429) {
      return null;
    }
    long fallback = now + settings.salesforce().limitPauseSeconds() * 1000;
    return new RateSignal(
        RetryAfter.until(response.getHeader("Retry-After"), now).orElse(fallback),
        true,
        limitExceeded ? "Salesforce REQUEST_LIMIT_EXCEEDED" : "Salesforce 429");
  }

  private static List<String> errorCodes(HttpResponse<Buffer> response) {
    List<String> codes = new ArrayList<>();
    if (CrmAnswers.json(response) instanceof JsonArray errors) {
      for (int i = 0; i < errors.size(); i++) {
        if (errors.getValue(i) instanceof JsonObject error) {
          codes.add(error.getString("errorCode", ""));
        }
      }
    }
    return codes;
  }

  private static JsonObject requireOk(HttpResponse<Buffer> response) {
    if (!CrmAnswers.ok(response)) {
      throw CrmAnswers.refusal(WHO, response, describeOrExcerpt(response));
    }
    Object answer = CrmAnswers.json(response);
    return answer instanceof JsonObject ? (JsonObject) answer : new JsonObject();
  }

  /** Salesforce's words: each error as "CODE [Field, ...]: message". */
  static String describeOrExcerpt(HttpResponse<Buffer> response) {
    Object answer = CrmAnswers.json(response);
    if (!(answer instanceof JsonArray) || ((JsonArray) answer).isEmpty()) {
      return CrmAnswers.excerpt(response);
    }
    JsonArray errors = (JsonArray) answer;
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < errors.size(); i++) {
      if (!(errors.getValue(i) instanceof JsonObject error)) {
        continue;
      }
      JsonArray fields = error.getJsonArray("fields", new JsonArray());
      parts.add(
          error.getString("errorCode", "")
              + (fields.isEmpty() ? "" : " [" + CrmAnswers.joined(fields) + "]")
              + ": "
              + error.getString("message", ""));
    }
    return parts.isEmpty() ? CrmAnswers.excerpt(response) : String.join("; ", parts);
  }

  /** A SOQL string literal's content: backslash and quote escaped, as the SOQL reference says. */
  static String soqlLiteral(String value) {
    return value.replace("\\", "\\\\").replace("'", "\\'");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

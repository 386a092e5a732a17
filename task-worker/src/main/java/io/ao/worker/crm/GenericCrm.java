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
import java.util.Optional;

/**
 * {@code crm.provider: generic}: a REST CRM described by the configured endpoints ({id}: the CRM's
 * id, {email}: the lead's email), the auth header and the field mapping. Every call carries the
 * task id as Idempotency-Key. A 429 pauses the account for its Retry-After (1 s without one).
 */
final class GenericCrm implements CrmProvider {

  private static final String WHO = "CRM";
  private static final long DEFAULT_PAUSE_MS = 1_000;

  private final CrmConfig settings;
  private final CrmTransport transport;

  GenericCrm(CrmConfig settings, CrmTransport transport) {
    this.settings = settings;
    this.transport = transport;
  }

  @Override
  public Future<Optional<String>> findByEmail(String email, String taskId) {
    if (settings.findEndpoint().isBlank()) {
      return Future.succeededFuture(Optional.empty());
    }
    String path = settings.findEndpoint().replace("{email}", encode(email));
    return call(HttpMethod.GET, path, null, taskId)
        .map(
            response -> {
              if (response.statusCode() == 404) {
                return Optional.<String>empty();
              }
              requireOk(response);
              return firstId(CrmAnswers.json(response));
            });
  }

  @Override
  public Future<String> create(JsonObject lead, String taskId) {
    return call(HttpMethod.POST, settings.createEndpoint(), settings.map(lead), taskId)
        .map(
            response -> {
              requireOk(response);
              Object answer = CrmAnswers.json(response);
              Object id =
                  answer instanceof JsonObject
                      ? ((JsonObject) answer).getValue(settings.idField())
                      : null;
              if (id == null) {
                throw new PermanentTaskFailure(
                    "CRM answered "
                        + response.statusCode()
                        + " without '"
                        + settings.idField()
                        + "'");
              }
              return String.valueOf(id);
            });
  }

  @Override
  public Future<Boolean> update(String crmId, JsonObject lead, String taskId) {
    return call(
            HttpMethod.PUT, withId(settings.updateEndpoint(), crmId), settings.map(lead), taskId)
        .map(response -> CrmAnswers.updated(response, GenericCrm::requireOk));
  }

  @Override
  public Future<Void> delete(String crmId, String taskId) {
    return call(HttpMethod.DELETE, withId(settings.deleteEndpoint(), crmId), null, taskId)
        .map(response -> CrmAnswers.deleted(response, GenericCrm::requireOk));
  }

  private Future<HttpResponse<Buffer>> call(
      HttpMethod method, String path, JsonObject body, String taskId) {
    return transport.exchange(
        taskId,
        () -> {
          HttpRequest<Buffer> request =
              transport
                  .client()
                  .requestAbs(method, settings.baseUrl() + path)
                  .timeout(transport.timeoutMs())
                  .putHeader("Idempotency-Key", taskId)
                  .putHeader("Accept", "application/json");
          if (!settings.authToken().isEmpty()) {
            request.putHeader(settings.authHeader(), settings.authToken());
          }
          return body == null ? request.send() : request.sendJsonObject(body);
        },
        GenericCrm::rateSignal);
  }

  static RateSignal rateSignal(HttpResponse<Buffer> response) {
    if (response.statusCode() != 429) {
      return null;
    }
    long now = System.currentTimeMillis();
    return new RateSignal(
        RetryAfter.until(response.getHeader("Retry-After"), now).orElse(now + DEFAULT_PAUSE_MS),
        true,
        "429 " + CrmAnswers.excerpt(response));
  }

  private static void requireOk(HttpResponse<Buffer> response) {
    if (!CrmAnswers.ok(response)) {
      throw CrmAnswers.refusal(WHO, response, CrmAnswers.excerpt(response));
    }
  }

  /** The id of the first record found: the answer itself, or the first of a list. */
  private Optional<String> firstId(Object answer) {
    if (answer instanceof JsonObject) {
      JsonObject object = (JsonObject) answer;
      if (object.getValue(settings.idField()) != null) {
        return Optional.of(String.valueOf(object.getValue(settings.idField())));
      }
      for (String listName : new String[] {"items", "data", "results"}) {
        if (object.getValue(listName) instanceof JsonArray) {
          return firstId(object.getJsonArray(listName));
        }
      }
      return Optional.empty();
    }
    if (answer instanceof JsonArray && !((JsonArray) answer).isEmpty()) {
      Object first = ((JsonArray) answer).getValue(0);
      return first instanceof JsonObject ? firstId(first) : Optional.empty();
    }
    return Optional.empty();
  }

  private static String withId(String endpoint, String crmId) {
    return endpoint.replace("{id}", encode(crmId));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

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
 * {@code crm.provider: pipedrive}: Pipedrive API v1 persons on {@code crm.api_base_url} (e.g.
 * https://yourcompany.pipedrive.com), authenticated by {@code api_token} in the query string.
 *
 * <ul>
 *   <li>find: {@code GET /v1/persons/search?term=<email>&fields=email&exact_match=true};
 *   <li>create: {@code POST /v1/persons}; update: {@code PUT /v1/persons/{id}} (404: gone); delete:
 *       {@code DELETE} there.
 * </ul>
 *
 * A person's {@code name} is the lead's first and last name (its email when it has neither); {@code
 * email} and {@code phone} go as Pipedrive's lists of {@code {value, primary}}. Errors quote {@code
 * error} and {@code error_info}. A 429 pauses the account for Retry-After, else {@code
 * x-ratelimit-reset} seconds; an answer with {@code x-ratelimit-remaining: 0} pauses it for {@code
 * x-ratelimit-reset} before the next request would be refused.
 */
final class PipedriveCrm implements CrmProvider {

  private static final String WHO = "Pipedrive";
  private static final String PERSONS = "/v1/persons";
  private static final long DEFAULT_RESET_MS = 2_000;

  private final CrmConfig settings;
  private final CrmTransport transport;

  PipedriveCrm(CrmConfig settings, CrmTransport transport) {
    this.settings = settings;
    this.transport = transport;
  }

  @Override
  public Future<Optional<String>> findByEmail(String email, String taskId) {
    String query = "/search?term=" + encode(email) + "&fields=email&exact_match=true&limit=1";
    return call(HttpMethod.GET, PERSONS + query, null, taskId)
        .map(
            response -> {
              JsonObject data = requireOk(response).getJsonObject("data", new JsonObject());
              JsonArray items = data.getJsonArray("items", new JsonArray());
              if (items.isEmpty()) {
                return Optional.<String>empty();
              }
              Object id =
                  items.getJsonObject(0).getJsonObject("item", new JsonObject()).getValue("id");
              return Optional.ofNullable(id == null ? null : String.valueOf(id));
            });
  }

  @Override
  public Future<String> create(JsonObject lead, String taskId) {
    return call(HttpMethod.POST, PERSONS, person(lead), taskId)
        .map(
            response -> {
              Object id =
                  requireOk(response).getJsonObject("data", new JsonObject()).getValue("id");
              if (id == null) {
                throw new PermanentTaskFailure("Pipedrive answered without the person's id");
              }
              return String.valueOf(id);
            });
  }

  @Override
  public Future<Boolean> update(String crmId, JsonObject lead, String taskId) {
    return call(HttpMethod.PUT, PERSONS + "/" + encode(crmId), person(lead), taskId)
        .map(response -> CrmAnswers.updated(response, PipedriveCrm::requireOk));
  }

  @Override
  public Future<Void> delete(String crmId, String taskId) {
    return call(HttpMethod.DELETE, PERSONS + "/" + encode(crmId), null, taskId)
        .map(response -> CrmAnswers.deleted(response, PipedriveCrm::requireOk));
  }

  /** The person Pipedrive expects: name, and email and phone as lists. */
  JsonObject person(JsonObject lead) {
    JsonObject person = settings.map(lead);
    for (String listField : new String[] {"email", "phone"}) {
      Object value = person.getValue(listField);
      if (value != null && !(value instanceof JsonArray)) {
        person.put(
            listField,
            new JsonArray()
                .add(new JsonObject().put("value", String.valueOf(value)).put("primary", true)));
      }
    }
    if (!person.containsKey("name")) {
      String name =
          (lead.getString("first_name", "") + " " + lead.getString("last_name", "")).trim();
      person.put("name", name.isEmpty() ? lead.getString("email", "") : name);
    }
    return person;
  }

  private Future<HttpResponse<Buffer>> call(
      HttpMethod method, String pathAndQuery, JsonObject body, String taskId) {
    String separator = pathAndQuery.contains("?") ? "&" : "?";
    String url =
        settings.baseUrl()
            + pathAndQuery
            + separator
            + "api_token="
            + encode(settings.pipedriveToken());
    return transport.exchange(
        taskId,
        () -> {
          HttpRequest<Buffer> request =
              transport
                  .client()
                  .requestAbs(method, url)
                  .timeout(transport.timeoutMs())
                  .putHeader("Accept", "application/json");
          return body == null ? request.send() : request.sendJsonObject(body);
        },
        PipedriveCrm::rateSignal);
  }

  static RateSignal rateSignal(HttpResponse<Buffer> response) {
    long now = System.currentTimeMillis();
    long reset = now + resetMs(response);
    if (response.statusCode() == 429) {
      return new RateSignal(
          RetryAfter.until(response.getHeader("Retry-After"), now).orElse(reset),
          true,
          "Pipedrive 429 (x-ratelimit-limit " + response.getHeader("x-ratelimit-limit") + ")");
    }
    if ("0".equals(response.getHeader("x-ratelimit-remaining"))) {
      return new RateSignal(reset, false, "Pipedrive x-ratelimit-remaining 0");
    }
    return null;
  }

  private static long resetMs(HttpResponse<Buffer> response) {
    try {
      String value = response.getHeader("x-ratelimit-reset");
      return value == null ? DEFAULT_RESET_MS : Math.max(1, Long.parseLong(value.trim())) * 1000;
    } catch (NumberFormatException bad) {
      return DEFAULT_RESET_MS;
    }
  }

  private static JsonObject requireOk(HttpResponse<Buffer> response) {
    Object answer = CrmAnswers.json(response);
    JsonObject body = answer instanceof JsonObject ? (JsonObject) answer : new JsonObject();
    if (!CrmAnswers.ok(response) || Boolean.FALSE.equals(body.getValue("success"))) {
      String error = body.getString("error");
      String info = body.getString("error_info");
      throw CrmAnswers.refusal(
          WHO,
          response,
          error == null
              ? CrmAnswers.excerpt(response)
              : error + (info == null || info.isBlank() ? "" : " (" + info + ")"));
    }
    return body;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

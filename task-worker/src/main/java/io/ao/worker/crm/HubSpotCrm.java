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
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code crm.provider: hubspot}: HubSpot CRM API v3 contacts, with a private app's access token as
 * the bearer token ({@code crm.hubspot.access_token}).
 *
 * <ul>
 *   <li>find: {@code GET /crm/v3/objects/contacts/{email}?idProperty=email} (404: none);
 *   <li>create or update by email in one call: {@code POST /crm/v3/objects/contacts/batch/upsert}
 *       with {@code idProperty: email}, so a contact HubSpot holds is updated, never created twice;
 *   <li>update by id: {@code PATCH /crm/v3/objects/contacts/{id}}; delete: {@code DELETE} there.
 * </ul>
 *
 * Errors quote {@code message} and each {@code errors[].context.propertyName}. Rate limits: a 429
 * pauses the account for Retry-After, else {@code X-HubSpot-RateLimit-Interval-Milliseconds}; a 429
 * whose {@code policyName} is DAILY, or any answer with {@code X-HubSpot-RateLimit-Daily-Remaining:
 * 0}, pauses it until midnight in {@code crm.hubspot.daily_reset_zone}, when the daily limit
 * resets; {@code X-HubSpot-RateLimit-Remaining: 0} pauses it for the rest of the interval.
 */
final class HubSpotCrm implements CrmProvider {

  private static final String WHO = "HubSpot";
  private static final String CONTACTS = "/crm/v3/objects/contacts";
  private static final long DEFAULT_INTERVAL_MS = 10_000;

  private final CrmConfig settings;
  private final CrmTransport transport;
  private final ZoneId dailyResetZone;

  HubSpotCrm(CrmConfig settings, CrmTransport transport) {
    this.settings = settings;
    this.transport = transport;
    this.dailyResetZone = ZoneId.of(settings.hubspotDailyResetZone());
  }

  @Override
  public Future<Optional<String>> findByEmail(String email, String taskId) {
    return call(HttpMethod.GET, CONTACTS + "/" + encode(email) + "?idProperty=email", null, taskId)
        .map(
            response -> {
              if (response.statusCode() == 404) {
                return Optional.<String>empty();
              }
              return Optional.of(idOf(requireOk(response)));
            });
  }

  @Override
  public Future<String> create(JsonObject lead, String taskId) {
    return call(HttpMethod.POST, CONTACTS, properties(lead), taskId)
        .map(response -> idOf(requireOk(response)));
  }

  /** HubSpot's own upsert by email: one call, and never a second contact for one email. */
  @Override
  public Future<String> upsertByEmail(JsonObject lead, String taskId) {
    String email = lead.getString("email");
    if (email == null) {
      return create(lead, taskId);
    }
    JsonObject input = properties(lead).put("idProperty", "email").put("id", email);
    return call(
            HttpMethod.POST,
            CONTACTS + "/batch/upsert",
            new JsonObject().put("inputs", new JsonArray().add(input)),
            taskId)
        .map(
            response -> {
              JsonObject answer = requireOk(response);
              JsonArray results = answer.getJsonArray("results", new JsonArray());
              if (results.isEmpty()) {
                // 207 Multi-Status: the batch ran, this input failed.
                throw CrmAnswers.refusal(WHO, response, describe(answer));
              }
              return idOf(results.getJsonObject(0));
            });
  }

  @Override
  public Future<Boolean> update(String crmId, JsonObject lead, String taskId) {
    return call(HttpMethod.PATCH, CONTACTS + "/" + encode(crmId), properties(lead), taskId)
        .map(response -> CrmAnswers.updated(response, HubSpotCrm::requireOk));
  }

  @Override
  public Future<Void> delete(String crmId, String taskId) {
    return call(HttpMethod.DELETE, CONTACTS + "/" + encode(crmId), null, taskId)
        .map(response -> CrmAnswers.deleted(response, HubSpotCrm::requireOk));
  }

  private JsonObject properties(JsonObject lead) {
    JsonObject properties = new JsonObject();
    settings
        .map(lead)
        .forEach(entry -> properties.put(entry.getKey(), String.valueOf(entry.getValue())));
    return new JsonObject().put("properties", properties);
  }

  private Future<HttpResponse<Buffer>> call(
      HttpMethod method, String pathAndQuery, JsonObject body, String taskId) {
    return transport.exchange(
        taskId,
        () -> {
          HttpRequest<Buffer> request =
              transport
                  .client()
                  .requestAbs(method, settings.baseUrl() + pathAndQuery)
                  .timeout(transport.timeoutMs())
                  .putHeader("Authorization", "Bearer " + settings.hubspotToken())
                  .putHeader("Accept", "application/json");
          return body == null ? request.send() : request.sendJsonObject(body);
        },
        this::rateSignal);
  }

  RateSignal rateSignal(HttpResponse<Buffer> response) {
    long now = System.currentTimeMillis();
    boolean refused = response.statusCode() == 429;
    Object answer = CrmAnswers.json(response);
    String policy =
        answer instanceof JsonObject ? ((JsonObject) answer).getString("policyName", "") : "";
    if ((refused && "DAILY".equalsIgnoreCase(policy))
        || "0".equals(response.getHeader("X-HubSpot-RateLimit-Daily-Remaining"))) {
      return new RateSignal(nextMidnight(now), refused, "HubSpot daily limit reached");
    }
    long interval =
        headerLong(response, "X-HubSpot-RateLimit-Interval-Milliseconds", DEFAULT_INTERVAL_MS);
    if (refused) {
      return new RateSignal(
          RetryAfter.until(response.getHeader("Retry-After"), now).orElse(now + interval),
          true,
          "HubSpot 429 " + (policy.isEmpty() ? "" : policy + " ") + "limit");
    }
    if ("0".equals(response.getHeader("X-HubSpot-RateLimit-Remaining"))) {
      return new RateSignal(now + interval, false, "HubSpot interval budget used up");
    }
    return null;
  }

  private long nextMidnight(long nowMs) {
    return Instant.ofEpochMilli(nowMs)
        .atZone(dailyResetZone)
        .toLocalDate()
        .plusDays(1)
        .atStartOfDay(dailyResetZone)
        .toInstant()
        .toEpochMilli();
  }

  private static long headerLong(HttpResponse<Buffer> response, String name, long fallback) {
    try {
      String value = response.getHeader(name);
      return value == null ? fallback : Math.max(1, Long.parseLong(value.trim()));
    } catch (NumberFormatException bad) {
      return fallback;
    }
  }

  private static JsonObject requireOk(HttpResponse<Buffer> response) {
    Object answer = CrmAnswers.json(response);
    if (!CrmAnswers.ok(response)) {
      throw CrmAnswers.refusal(
          WHO,
          response,
          answer instanceof JsonObject
              ? describe((JsonObject) answer)
              : CrmAnswers.excerpt(response));
    }
    return answer instanceof JsonObject ? (JsonObject) answer : new JsonObject();
  }

  /**
   * HubSpot's words: the category, then each error with the properties it names ({@code
   * errors[].context.propertyName}), else the top-level message.
   */
  static String describe(JsonObject answer) {
    List<String> parts = new ArrayList<>();
    JsonArray errors = answer.getJsonArray("errors", new JsonArray());
    for (int i = 0; i < errors.size(); i++) {
      JsonObject error = errors.getJsonObject(i);
      JsonObject context = error.getJsonObject("context", new JsonObject());
      JsonArray names = context.getJsonArray("propertyName", new JsonArray());
      String message = error.getString("message", "");
      parts.add(names.isEmpty() ? message : CrmAnswers.joined(names) + ": " + message);
    }
    if (parts.isEmpty()) {
      parts.add(answer.getString("message", answer.encode()));
    }
    String category = answer.getString("category", "");
    return (category.isEmpty() ? "" : category + " ") + String.join("; ", parts);
  }

  private static String idOf(JsonObject record) {
    Object id = record.getValue("id");
    if (id == null) {
      throw new PermanentTaskFailure("HubSpot answered without the contact's id");
    }
    return String.valueOf(id);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

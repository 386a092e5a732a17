package io.ao.worker.crm;

import io.ao.worker.handlers.PermanentTaskFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import java.util.function.Consumer;

/** Reading a CRM's answer: its JSON body if it has one, its own words for an error. */
final class CrmAnswers {

  private static final int EXCERPT_CHARS = 300;

  private CrmAnswers() {}

  /** The body as a JsonObject, JsonArray or value; null when absent or not JSON. */
  static Object json(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return Json.decodeValue(body);
    } catch (DecodeException notJson) {
      return null;
    }
  }

  /** The CRM's own words, shortened, for the task's last_error. */
  static String excerpt(HttpResponse<Buffer> response) {
    String text = response.bodyAsString();
    if (text == null || text.isBlank()) {
      return response.statusMessage();
    }
    return shorten(text);
  }

  static String shorten(String text) {
    return text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "..." : text;
  }

  /** A refusal no retry can fix: "{who} answered {status}: {what it said}". */
  static PermanentTaskFailure refusal(String who, HttpResponse<Buffer> response, String said) {
    return new PermanentTaskFailure(
        who + " answered " + response.statusCode() + ": " + shorten(said));
  }

  /** A JSON list of names (fields, properties) as "a, b". */
  static String joined(JsonArray names) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(names.getValue(i));
    }
    return text.toString();
  }

  static boolean ok(HttpResponse<Buffer> response) {
    return response.statusCode() >= 200 && response.statusCode() < 300;
  }

  /**
   * An update's answer: false when the CRM holds no such record (404: the caller looks the lead up
   * by email or creates it), else true once {@code requireOk} has accepted it.
   */
  static boolean updated(HttpResponse<Buffer> response, Consumer<HttpResponse<Buffer>> requireOk) {
    if (response.statusCode() == 404) {
      return false;
    }
    requireOk.accept(response);
    return true;
  }

  /** A delete's answer: a 404 is a record already gone; anything else {@code requireOk} judges. */
  static Void deleted(HttpResponse<Buffer> response, Consumer<HttpResponse<Buffer>> requireOk) {
    if (response.statusCode() != 404) {
      requireOk.accept(response);
    }
    return null;
  }
}
